import { StaleHeadError } from "../../errors.js";
import { loadRepoConfig } from "../../config/repo-config.js";
import { parseChangedFile } from "../diff/index.js";
import { loadGuidelines } from "../guidelines/index.js";
import type { ModelUsage, PullRequestInfo, PullRequestRef } from "../ports.js";
import { renderCheckCompleted, renderCheckInProgress, renderCheckSkipped } from "../render/check-run.js";
import type { CheckFinding } from "../render/check-run-types.js";
import type { Finding } from "../findings/schema.js";
import type { PlacedFinding } from "../findings/types.js";
import { authorize, deniedReply } from "./authorize.js";
import type { CheckRunTracker } from "./check-run.js";
import type { ReviewContext } from "./context.js";
import { composeReview } from "./compose.js";
import { gatherPullRequest } from "./gather.js";
import { settleLedger, syncWithGitHub } from "./ledger-step.js";
import { answerRebuttals } from "./rebuttals.js";
import { reviewMarker } from "./marker.js";
import { findPosted, publishOnce } from "./publish.js";
import { reviewInChunks } from "./review-chunks.js";
import { selectDiff } from "./select-diff.js";
import { applyRepoConfig } from "./settings.js";
import { staleReason, watchHead } from "./supersede.js";

export interface ReviewRequest {
  pr: PullRequestRef;
  /** Who asked; null for automatic reviews. Their permission is checked before any model call. */
  requestedBy: string | null;
  /** The head an automatic review is for; null reviews the current head. */
  expectedHead: string | null;
  mode: "full" | "incremental";
  /** Quiet passes (drafts) put only the most important findings inline. */
  quiet: boolean;
  /** An explicit request's own idempotency key (its delivery); automatic passes use head + pass. */
  requestKey: string | null;
  /** The check run created when the job was queued, if any. */
  checkRunId: number | null;
  /** What the person who asked wants the review to focus on, already delimited; null for none. */
  focus?: string | null;
}

export type ReviewOutcome =
  | { status: "posted"; reviewId: number; headSha: string; inline: number; inBody: number; usage: ModelUsage }
  | { status: "already-posted"; reviewId: number }
  | { status: "nothing-to-review"; headSha: string }
  | { status: "superseded"; headSha: string; reason: string }
  | { status: "denied"; login: string }
  | { status: "closed" };

function passName(request: ReviewRequest): string {
  return `${request.mode}${request.quiet ? "-quiet" : ""}`;
}

function checkFindings(findings: readonly Finding[], inline: readonly PlacedFinding[]): CheckFinding[] {
  const posted = new Set(inline.map((p) => p.finding));
  return findings.map((f) => ({ priority: f.priority, placement: posted.has(f) ? "inline" : "body" }));
}

/**
 * One review of a pull request, start to finish: read, authorize, configure, choose the diff, ask
 * the model (chunks in parallel, abandoned if a newer push arrives), place and verify the findings,
 * render, and post exactly one review — with the check run telling the truth at every step.
 */
export async function runReview(
  ctx: ReviewContext,
  request: ReviewRequest,
  check: CheckRunTracker,
): Promise<ReviewOutcome> {
  const { reader, memory, log } = ctx;
  const { pr, requestedBy } = request;
  let explainRefusal = false;
  const { info, files, allowed } = await gatherPullRequest(reader, pr, async () => {
    if (!requestedBy) return true;
    const access = await authorize(reader, ctx.permissions, pr, requestedBy);
    explainRefusal = !access.allowed && access.explain;
    return access.allowed;
  });
  if (!allowed && requestedBy) {
    if (explainRefusal) await ctx.publisher.createIssueComment(pr, deniedReply());
    return { status: "denied", login: requestedBy };
  }
  if (info.state === "closed") return { status: "closed" };
  const headSha = info.headSha;
  if (request.expectedHead !== null && request.expectedHead !== headSha) {
    // The PR moved before this job started; the newer push has its own job.
    return { status: "superseded", headSha: request.expectedHead, reason: `superseded by ${headSha}` };
  }
  const key = request.requestKey ?? `${headSha}/${passName(request)}`;
  const marker = reviewMarker(pr, key);
  // Before any paid work: a previous attempt may have posted and died before finishing.
  const known = await findPosted({ reader, memory }, pr, key, marker);
  if (known !== null) {
    await check.begin(headSha, key, request.checkRunId, {
      status: "completed",
      conclusion: "success",
      title: "Review posted",
      summary: "This review was already posted; nothing was repeated.",
    });
    return { status: "already-posted", reviewId: known };
  }

  const repoConfig = await loadRepoConfig(reader, pr, info.defaultBranch);
  const settings = applyRepoConfig(ctx.settings, repoConfig.config);
  await check.begin(headSha, key, request.checkRunId, {
    status: "in_progress",
    ...renderCheckInProgress({
      pass: request,
      files: files.length,
      model: settings.model,
      triggerWords: settings.triggerWords,
    }),
  });

  const controller = new AbortController();
  const forward = (): void => controller.abort(ctx.signal?.reason);
  ctx.signal?.addEventListener("abort", forward, { once: true });
  const stopWatching = watchHead(memory, pr, headSha, controller);
  const started = Date.now();
  let claimed: string[] = [];
  try {
    const reviewedHead = await memory.reviewedHead(pr);
    const selection = await selectDiff(reader, pr, files, request.mode, reviewedHead, headSha);
    if (selection.files.length === 0) {
      await check.update({
        status: "completed",
        conclusion: "success",
        title: "Nothing new to review",
        summary: `No reviewable changes since ${selection.since?.slice(0, 7) ?? "the last review"}.`,
      });
      return { status: "nothing-to-review", headSha };
    }
    const sync = await syncWithGitHub(ctx.ledger, pr, settings.trigger);
    if (sync.rebuttals.length > 0) {
      await answerRebuttals({
        rebuttals: sync.rebuttals,
        model: ctx.model,
        ledger: ctx.ledger.ledger,
        threads: ctx.ledger.threads,
        pr,
        triggerWords: settings.triggerWords,
        signal: controller.signal,
      });
    }
    const guidelines = repoConfig.config.guidelines.enabled
      ? await loadGuidelines(
          reader,
          pr,
          info.baseSha,
          selection.files.map((f) => f.path),
          {
            fileNames: repoConfig.config.guidelines.files,
          },
        )
      : undefined;
    const answer = await reviewInChunks(
      { ...ctx, settings },
      {
        info,
        allPaths: files.map((f) => f.path),
        patches: selection.files.map(parseChangedFile),
        guidelines: guidelines?.text,
        focus: request.focus ?? null,
        promptCacheKey: `codex-review:${pr.owner}/${pr.repo}`,
        signal: controller.signal,
      },
    );
    const { rendered, decision } = await composeReview(ctx, {
      pr,
      headSha,
      files,
      output: answer.output,
      notReviewed: answer.plan.notReviewed,
      sync,
      reviewedHead,
      settings,
      quiet: request.quiet,
      marker,
      headerLine: headerLine(info, answer.model, selection.mode, selection.since),
    });
    claimed = decision.claimed;
    await ensureStillHead(ctx, pr, headSha, controller.signal);
    // An automatic pass that found nothing new stays silent; a person who asked always gets an answer.
    const silent =
      request.requestedBy === null &&
      selection.mode === "incremental" &&
      rendered.comments.length === 0 &&
      decision.unplaced.length === 0;
    const published = silent
      ? null
      : await publishOnce(
          { reader, publisher: ctx.publisher, memory },
          {
            pr,
            key,
            marker,
            review: { commitId: headSha, body: rendered.body, comments: rendered.comments },
          },
        );
    claimed = [];
    await settleLedger(ctx.ledger, { pr, headSha, reviewId: published?.reviewId ?? null, decision });
    await memory.setReviewedHead(pr, headSha);
    await check.update({
      status: "completed",
      ...renderCheckCompleted({
        pass: { mode: selection.mode, quiet: request.quiet },
        findings: checkFindings(answer.output.findings, rendered.inline),
        filesReviewed: selection.files.length,
        notReviewed: answer.plan.notReviewed,
        model: answer.model,
        durationMs: Date.now() - started,
        usage: answer.usage,
        onP0: settings.conclusionOnP0,
        configProblems: repoConfig.problems,
        configPath: repoConfig.path ?? undefined,
        guidelineSources: guidelines?.sources,
        triggerWords: settings.triggerWords,
      }),
    });
    log.info(
      { key, findings: answer.output.findings.length, summary: decision.plan.summary, usage: answer.usage },
      "review done",
    );
    if (published === null) return { status: "nothing-to-review", headSha };
    if (published.status === "already-posted") return published;
    return {
      status: "posted",
      reviewId: published.reviewId,
      headSha,
      inline: rendered.comments.length,
      inBody: answer.output.findings.length - rendered.comments.length,
      usage: answer.usage,
    };
  } catch (error) {
    // Findings claimed but not posted go back, so the retry (or another worker) can post them.
    if (claimed.length > 0) await ctx.ledger.ledger.release(claimed).catch(() => {});
    const stale = staleReason(controller.signal) ?? (error instanceof StaleHeadError ? error : null);
    if (!stale) throw error;
    await check.update({ status: "completed", ...renderCheckSkipped(skipReason(stale.message)) });
    return { status: "superseded", headSha, reason: stale.message };
  } finally {
    stopWatching();
    ctx.signal?.removeEventListener("abort", forward);
  }
}

function skipReason(message: string): { reason: "closed" } | { reason: "superseded"; newerHeadSha?: string } {
  if (message.includes("closed")) return { reason: "closed" };
  return { reason: "superseded", newerHeadSha: /[0-9a-f]{40}/.exec(message)?.[0] };
}

function headerLine(info: PullRequestInfo, model: string, mode: string, since: string | null): string {
  const scope =
    mode === "incremental" && since ? `changes since ${since.slice(0, 7)}` : "the whole pull request";
  return `Reviewed ${scope} at ${info.headSha.slice(0, 7)} with ${model}.`;
}

/** The last look before posting: a result for a head that is no longer current is dropped. */
async function ensureStillHead(
  ctx: ReviewContext,
  pr: PullRequestRef,
  headSha: string,
  signal: AbortSignal,
): Promise<void> {
  const stale = staleReason(signal);
  if (stale) throw stale;
  const current = await ctx.reader.getPullRequest(pr);
  if (current.state === "closed") throw new StaleHeadError("the pull request was closed");
  if (current.headSha !== headSha) throw new StaleHeadError(`superseded by ${current.headSha}`);
}
