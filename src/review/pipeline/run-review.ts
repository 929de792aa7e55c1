import type { ReviewScope } from "../../commands/types.js";
import { ReviewScopeError, StaleHeadError } from "../../errors.js";
import { parseChangedFile } from "../diff/index.js";
import { changedHeadLines } from "../findings/signal.js";
import type { ModelUsage, PullRequestInfo, PullRequestRef } from "../ports.js";
import { renderCheckCompleted, renderCheckInProgress, renderCheckSkipped } from "../render/check-run.js";
import type { CheckCompletedInput, CheckFinding } from "../render/check-run-types.js";
import type { Finding } from "../findings/schema.js";
import type { PlacedFinding } from "../findings/types.js";
import { authorize, deniedReply } from "./authorize.js";
import type { CheckRunTracker } from "./check-run.js";
import type { ReviewContext } from "./context.js";
import type { Composed } from "./compose.js";
import { composeAndPublish } from "./deliver.js";
import { gatherPullRequest } from "./gather.js";
import { findPosted, reviewKey, reviewMarker } from "./idempotency.js";
import { settleLedger } from "./ledger-step.js";
import { prepareReview } from "./prepare.js";
import { gateOutsider } from "./outsiders.js";
import { renderCheckOutsider } from "../render/check-run-outsider.js";
import { meterModel } from "./paid-calls.js";
import { resumeReview } from "./resume.js";
import { reviewWhileSyncing } from "./review-phase.js";
import type { DiffSelection } from "./select-diff.js";
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
  /** `@codex review <range | full | globs>`: what to review instead of the pass's usual diff. */
  scope?: ReviewScope | null;
}

export type ReviewOutcome =
  | { status: "posted"; reviewId: number; headSha: string; inline: number; inBody: number; usage: ModelUsage }
  | { status: "already-posted"; reviewId: number }
  | { status: "nothing-to-review"; headSha: string }
  | { status: "superseded"; headSha: string; reason: string }
  | { status: "denied"; login: string }
  | { status: "outsider-skipped"; headSha: string; reason: "off" | "author" | "installation" }
  /** The requested range or globs cannot be reviewed; the person was told why. */
  | { status: "bad-scope"; reason: string }
  | { status: "closed" };

const NO_USAGE: ModelUsage = { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0 };

function checkFindings(
  findings: readonly Finding[],
  inline: readonly PlacedFinding[],
  leftOut: Composed["leftOut"],
): CheckFinding[] {
  const posted = new Set(inline.map((p) => p.finding));
  const dropped = new Set(leftOut.map((l) => l.finding));
  return findings
    .filter((f) => !dropped.has(f))
    .map((f) => ({ priority: f.priority, placement: posted.has(f) ? "inline" : "body" }));
}

function leftOutCounts(leftOut: Composed["leftOut"], minConfidence: number) {
  const count = (reason: string): number => leftOut.filter((l) => l.reason === reason).length;
  return { lowConfidence: count("low-confidence"), unchangedCode: count("unchanged-code"), minConfidence };
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
  let checkRunId = request.checkRunId;
  if (request.expectedHead !== null && request.expectedHead !== headSha) {
    // The PR moved before this job started. GitHub's head is the evidence: review it now, whether
    // or not its `synchronize` ever arrives (a job for it finds this review by its key); the queued
    // run of the old head is completed with the reason.
    await closeSupersededRun(ctx, pr, checkRunId, headSha);
    checkRunId = null;
  }
  const key = reviewKey(request, headSha) as string;
  const marker = reviewMarker(pr, key);
  const preparing = prepareReview(ctx, {
    pr,
    info,
    files,
    mode: request.mode,
    reviewedHead,
    scope: request.scope ?? null,
  });
  void preparing.catch(() => {});
  const [known, record] = await Promise.all([
    earlyKey === key && earlyPosted ? earlyPosted : findPosted(lookup, pr, key, marker),
    memory.composed(pr, key),
  ]);
  const resumed = await resumeReview(ctx, {
    pr,
    headSha,
    key,
    marker,
    posted: known,
    record,
    check,
    checkRunId,
  });
  if (resumed?.status === "already-posted") return resumed;
  if (resumed) return { ...resumed, inBody: 0, usage: NO_USAGE };
  const prepared = await preparing.catch(async (error: unknown) => {
    if (!(error instanceof ReviewScopeError)) throw error;
    await ctx.publisher.createIssueComment(pr, scopeReply(error.message, ctx.settings.trigger));
    return error;
  });
  if (prepared instanceof ReviewScopeError) return { status: "bad-scope", reason: prepared.message };
  const { repoConfig, settings, selection, guidelines } = prepared;
  const metered = meterModel(ctx.model);
  let paidCalls = 0;
  // The check run follows the review; it never holds it up (awaited before its next update).
  const begun = check.begin(headSha, key, checkRunId, {
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
  const stopWatching = watchHead(memory, reader, pr, headSha, controller);
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
      { ...ctx, settings, model: metered.model },
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
    // The completed run, as a retry that finishes this review stores it and as this job ends it
    // (with the PR's tally so far from the ledger).
    const completedCheck = (
      { rendered, leftOut }: Pick<Composed, "rendered" | "leftOut">,
      soFar?: CheckCompletedInput["soFar"],
    ) =>
      renderCheckCompleted({
        pass: { mode: selection.mode, quiet },
        findings: checkFindings(answer.output.findings, rendered.inline, leftOut),
        leftOut: leftOutCounts(leftOut, settings.minConfidence),
        soFar,
        filesReviewed: selection.files.length,
        notReviewed: answer.plan.notReviewed,
        unlistedFiles: selection.unlisted,
        unlistedPaths: selection.unlistedPaths,
        fallback: selection.fallback,
        model: answer.model,
        durationMs: Date.now() - started,
        usage: answer.usage,
        modelCalls: paidCalls,
        onP0: settings.conclusionOnP0,
        configProblems: repoConfig.problems,
        configPath: repoConfig.path ?? undefined,
        guidelineSources: guidelines?.sources,
        triggerWords: settings.triggerWords,
        ignoredThumbsDown: sync.ignoredThumbsDown,
      });
    const delivered = await composeAndPublish(ctx, {
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
      headerLine: headerLine(info, answer.model, selection),
      placement,
      // A later pass converges; a range, `full` or globs a person asked for are reviewed as asked.
      changedLines:
        selection.mode === "incremental" && selection.requested === undefined
          ? changedHeadLines(selection.files.map(parseChangedFile))
          : null,
      pullUrl: info.htmlUrl,
      signal: controller.signal,
      // What a retry that finishes this review shows (the fresh path below adds the ledger's tally).
      finalCheck: async (composed) => {
        paidCalls = await memory.addModelCalls(pr, key, metered.take());
        return completedCheck(composed);
      },
    });
    const { composed, published } = delivered;
    const { rendered, decision, leftOut } = composed;
    const soFar = await settleLedger(ctx.ledger, {
      pr,
      headSha,
      reviewId: published?.reviewId ?? null,
      decision,
    });
    await memory.setReviewedHead(pr, headSha);
    await begun;
    await check.update({ status: "completed", ...completedCheck(composed, soFar) });
    log.info(
      {
        key,
        findings: answer.output.findings.length,
        lanes: answer.plan.lanes.length,
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
      inBody: answer.output.findings.length - leftOut.length - rendered.comments.length,
      usage: answer.usage,
    };
  } catch (error) {
    // Calls already paid for count in the total the attempt that posts shows.
    const paid = metered.take();
    if (paid > 0) await memory.addModelCalls(pr, key, paid).catch(() => {});
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

async function closeSupersededRun(
  ctx: ReviewContext,
  pr: PullRequestRef,
  checkRunId: number | null,
  newerHeadSha: string,
): Promise<void> {
  if (checkRunId === null) return;
  await ctx.checks
    .updateCheckRun(pr, checkRunId, {
      status: "completed",
      ...renderCheckSkipped({ reason: "superseded", newerHeadSha }),
    })
    .catch((error: unknown) => ctx.log.warn({ err: String(error) }, "could not close the superseded run"));
}

function skipReason(
  stale: StaleHeadError,
): { reason: "closed" } | { reason: "superseded"; newerHeadSha?: string } {
  if (stale.reason === "closed") return { reason: "closed" };
  return { reason: "superseded", newerHeadSha: stale.newerHeadSha ?? undefined };
}

/** Which commits the review covered: the whole PR at its head, or both ends of a later pass or range. */
function headerLine(info: PullRequestInfo, model: string, selection: DiffSelection): string {
  const head = info.headSha.slice(0, 7);
  const scope =
    selection.mode === "incremental" && selection.since
      ? `the changes \`${selection.since.slice(0, 7)}..${(selection.until ?? info.headSha).slice(0, 7)}\``
      : selection.requested === "paths"
        ? `${selection.files.length} matching file${selection.files.length === 1 ? "" : "s"} at \`${head}\``
        : `the whole pull request at \`${head}\``;
  const unlisted =
    selection.unlisted === 0
      ? ""
      : ` ${selection.unlisted} more file${selection.unlisted === 1 ? "" : "s"} beyond GitHub's 3,000-file listing not reviewed.`;
  return `Reviewed ${scope} with ${model}.${unlisted}`;
}

/** The reply to a range or glob that cannot be reviewed: the reason, and how to write one. */
function scopeReply(reason: string, trigger: string): string {
  return `${reason}\n\nUse \`${trigger} review abc1234..def5678\` with two commits of this pull request, \`${trigger} review full\`, or \`${trigger} review <path or glob>\` matching a changed file.`;
}
