import { StaleHeadError } from "../../errors.js";
import type { ModelUsage, PullRequestInfo, PullRequestRef } from "../ports.js";
import { renderCheckCompleted, renderCheckInProgress, renderCheckSkipped } from "../render/check-run.js";
import type { CheckFinding } from "../render/check-run-types.js";
import type { Finding } from "../findings/schema.js";
import type { PlacedFinding } from "../findings/types.js";
import { authorize, deniedReply } from "./authorize.js";
import type { CheckRunTracker } from "./check-run.js";
import type { ReviewContext } from "./context.js";
import { composeAndPublish } from "./deliver.js";
import { gatherPullRequest } from "./gather.js";
import { findPosted, reviewKey, reviewMarker } from "./idempotency.js";
import { settleLedger } from "./ledger-step.js";
import { prepareReview } from "./prepare.js";
import { gateOutsider } from "./outsiders.js";
import { renderCheckOutsider } from "../render/check-run-outsider.js";
import { reviewWhileSyncing } from "./review-phase.js";
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
  /** The installation, whose budget an automatic review of an outsider's PR spends. */
  installationId?: number;
}

export type ReviewOutcome =
  | { status: "posted"; reviewId: number; headSha: string; inline: number; inBody: number; usage: ModelUsage }
  | { status: "already-posted"; reviewId: number }
  | { status: "nothing-to-review"; headSha: string }
  | { status: "superseded"; headSha: string; reason: string }
  | { status: "denied"; login: string }
  | { status: "outsider-skipped"; headSha: string; reason: "off" | "author" | "installation" }
  | { status: "closed" };

function checkFindings(findings: readonly Finding[], inline: readonly PlacedFinding[]): CheckFinding[] {
  const posted = new Set(inline.map((p) => p.finding));
  return findings.map((f) => ({ priority: f.priority, placement: posted.has(f) ? "inline" : "body" }));
}

/**
 * One review of a pull request, start to finish: read, authorize, configure, choose the diff, ask
 * the model (lanes in parallel, abandoned if a newer push arrives), place and verify the findings,
 * render, and post exactly one review — with the check run telling the truth at every step.
 *
 * Nothing waits that need not: the reads that depend only on the request start together, those
 * that depend on the PR (config, guidelines, the incremental diff) together after it, the check
 * run's progress and the ledger's sync with GitHub run beside the model, and publishing starts as
 * the last lane ends.
 */
export async function runReview(
  ctx: ReviewContext,
  request: ReviewRequest,
  check: CheckRunTracker,
): Promise<ReviewOutcome> {
  const { reader, memory, log } = ctx;
  const lookup = { reader, memory, botLogin: ctx.ledger.botLogin };
  const { pr, requestedBy } = request;
  const reviewedHead = memory.reviewedHead(pr);
  const earlyKey = reviewKey(request, request.expectedHead);
  // Before any paid work: a previous attempt may have posted and died before finishing.
  const earlyPosted = earlyKey === null ? null : findPosted(lookup, pr, earlyKey);
  // Awaited below on every path that needs them; a job that ends first must not leave them unhandled.
  void reviewedHead.catch(() => {});
  void earlyPosted?.catch(() => {});
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
  const key = reviewKey(request, headSha) as string;
  const marker = reviewMarker(pr, key);
  const preparing = prepareReview(ctx, { pr, info, files, mode: request.mode, reviewedHead });
  void preparing.catch(() => {});
  const known = await (earlyPosted ?? findPosted(lookup, pr, key, marker));
  if (known !== null) {
    await check.begin(headSha, key, request.checkRunId, {
      status: "completed",
      conclusion: "success",
      title: "Review posted",
      summary: "This review was already posted; nothing was repeated.",
    });
    return { status: "already-posted", reviewId: known };
  }
  const { repoConfig, settings, selection, guidelines } = await preparing;
  // The check run follows the review; it never holds it up (awaited before its next update).
  const begun = check.begin(headSha, key, request.checkRunId, {
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
  try {
    if (selection.files.length === 0) {
      await begun;
      await check.update({
        status: "completed",
        conclusion: "success",
        title: "Nothing new to review",
        summary: `No reviewable changes since ${selection.since?.slice(0, 7) ?? "the last review"}.`,
      });
      return { status: "nothing-to-review", headSha };
    }
    const gate =
      requestedBy === null
        ? await gateOutsider(ctx, {
            pr,
            installationId: request.installationId ?? 0,
            author: info.author,
            policy: repoConfig.config.triggers.outsiders,
            reviewKey: key,
          })
        : ({ kind: "collaborator" } as const);
    if (gate.kind === "off" || gate.kind === "over-budget") {
      const reason = gate.kind === "off" ? "off" : gate.limit;
      await begun;
      await check.update({
        status: "completed",
        ...renderCheckOutsider({ reason, trigger: settings.trigger, triggerWords: settings.triggerWords }),
      });
      log.info({ key, author: info.author, reason }, "outsider's pull request not reviewed");
      return { status: "outsider-skipped", headSha, reason };
    }
    const quiet = request.quiet || (gate.kind === "outsider" && gate.quiet);
    const { answer, sync, placement } = await reviewWhileSyncing(
      { ...ctx, settings },
      {
        pr,
        info,
        files,
        selection,
        guidelines: guidelines?.text,
        focus: request.focus ?? null,
        signal: controller.signal,
        abortStale: (reason) => controller.abort(reason),
      },
    );
    const { composed, published } = await composeAndPublish(ctx, {
      pr,
      headSha,
      key,
      marker,
      files,
      output: answer.output,
      notReviewed: answer.plan.notReviewed,
      sync,
      reviewedHead: await reviewedHead,
      settings,
      quiet,
      mayStaySilent: request.requestedBy === null && selection.mode === "incremental",
      headerLine: headerLine(info, answer.model, selection.mode, selection.since),
      placement,
      signal: controller.signal,
    });
    const { rendered, decision } = composed;
    await settleLedger(ctx.ledger, { pr, headSha, reviewId: published?.reviewId ?? null, decision });
    await memory.setReviewedHead(pr, headSha);
    await begun;
    await check.update({
      status: "completed",
      ...renderCheckCompleted({
        pass: { mode: selection.mode, quiet },
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
        ignoredThumbsDown: sync.ignoredThumbsDown,
      }),
    });
    log.info(
      {
        key,
        findings: answer.output.findings.length,
        lanes: answer.plan.chunks.length,
        summary: decision.plan.summary,
        usage: answer.usage,
      },
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
    // The failure report (the worker's) and the skip below update the check run: it must exist.
    await begun;
    const stale = staleReason(controller.signal) ?? (error instanceof StaleHeadError ? error : null);
    if (!stale) throw error;
    await check.update({ status: "completed", ...renderCheckSkipped(skipReason(stale)) });
    return { status: "superseded", headSha, reason: stale.message };
  } finally {
    stopWatching();
    ctx.signal?.removeEventListener("abort", forward);
  }
}

function skipReason(
  stale: StaleHeadError,
): { reason: "closed" } | { reason: "superseded"; newerHeadSha?: string } {
  if (stale.reason === "closed") return { reason: "closed" };
  return { reason: "superseded", newerHeadSha: stale.newerHeadSha ?? undefined };
}

function headerLine(info: PullRequestInfo, model: string, mode: string, since: string | null): string {
  const scope =
    mode === "incremental" && since ? `changes since ${since.slice(0, 7)}` : "the whole pull request";
  return `Reviewed ${scope} at ${info.headSha.slice(0, 7)} with ${model}.`;
}
