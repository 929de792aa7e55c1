import type { ReviewJob } from "../queue/jobs.js";
import type { CheckRunTracker } from "../review/pipeline/check-run.js";
import type { ReviewContext } from "../review/pipeline/context.js";
import { failureKey, jobReviewKey } from "../review/pipeline/idempotency.js";
import type { PullRequestRef } from "../review/ports.js";
import { renderCheckFailed, renderCheckRetrying } from "../review/render/check-run.js";
import { isBotError, type BotErrorCode } from "../errors.js";
import { failureReason, failureReply, type FailureDecision } from "./failure.js";

/**
 * Makes a failure visible: the check run says what went wrong and what happens next, and a person
 * who asked gets a short reply once the bot gives up. Never throws: reporting must not hide the
 * original error.
 */
const NEXT = "Nothing was posted. Ask again with a new mention, or re-run this check.";
const NEEDS_ACTION: ReadonlySet<BotErrorCode> = new Set<BotErrorCode>([
  "model_auth",
  "model_quota",
  "model_unavailable",
  "github_auth",
]);

export async function reportFailure(input: {
  ctx: ReviewContext;
  check: CheckRunTracker;
  pr: PullRequestRef;
  job: ReviewJob;
  decision: FailureDecision;
  error: unknown;
}): Promise<void> {
  const { ctx, check, pr, job, decision, error } = input;
  const reason = failureReason(error);
  // Someone must change the key, the quota or the model id before any review can succeed.
  const needsAction = isBotError(error) && NEEDS_ACTION.has(error.code);
  try {
    // A try that failed before reaching its run still reports on the request's run.
    const key = jobReviewKey(job);
    if (key !== null) await check.adopt(key);
    if (decision.kind === "final") {
      if (check.checkRunId === null && job.headSha !== null) {
        await check.begin(job.headSha, key ?? failureKey(job.deliveryId), job.checkRunId, {
          status: "completed",
          ...renderCheckFailed({ reason, next: NEXT, needsAction }),
        });
      } else {
        await check.update({
          status: "completed",
          ...renderCheckFailed({ reason, next: NEXT, needsAction }),
        });
      }
      if (job.trigger === "mention") await ctx.publisher.createIssueComment(pr, failureReply(error));
    } else {
      const waitMs =
        decision.kind === "rate-limit"
          ? decision.waitMs
          : ((decision.error as { retryAfterMs?: number })?.retryAfterMs ?? 2_000);
      await check.update({
        status: "in_progress",
        ...renderCheckRetrying({ reason, retryAt: new Date(Date.now() + waitMs) }),
      });
    }
  } catch (reportError) {
    ctx.log.error({ err: String(reportError) }, "could not report the failure");
  }
}
