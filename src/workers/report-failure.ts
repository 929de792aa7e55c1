import type { ReviewJob } from "../queue/jobs.js";
import type { CheckRunTracker } from "../review/pipeline/check-run.js";
import type { ReviewContext } from "../review/pipeline/context.js";
import { failureKey, jobReviewKey } from "../review/pipeline/idempotency.js";
import type { PullRequestRef } from "../review/ports.js";
import { renderCheckFailed, renderCheckRetrying } from "../review/render/check-run.js";
import { isBotError, type BotErrorCode } from "../errors.js";
import { jobRetryDelay } from "./backoff.js";
import { renderCheckWaitingForCapacity } from "../review/render/check-capacity.js";
import { failureFix, failureReason, failureReply, type FailureDecision } from "./failure.js";
import type { CapacityPlan } from "./model-capacity.js";

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
  /** The queue's id of the job and the attempts made, this one included: they fix the retry delay. */
  attempt: { jobId: string; attemptsMade: number };
  decision: FailureDecision;
  error: unknown;
  /** For a model rate limit: until when the review waits, or the fallback it moves to. */
  capacity?: CapacityPlan | undefined;
}): Promise<void> {
  const { ctx, check, pr, job, attempt, decision, error, capacity } = input;
  const reason = failureReason(error);
  // Someone must change the key, the quota or the model id before any review can succeed.
  const needsAction = isBotError(error) && NEEDS_ACTION.has(error.code);
  const next = needsAction ? `${failureFix(error)} Then re-run this check` : NEXT;
  try {
    // A try that failed before reaching its run still reports on the request's run.
    const key = jobReviewKey(job);
    if (key !== null) await check.adopt(key);
    if (decision.kind === "final") {
      if (check.checkRunId === null && job.headSha !== null) {
        await check.begin(job.headSha, key ?? failureKey(job.deliveryId), job.checkRunId, {
          status: "completed",
          ...renderCheckFailed({ reason, next, needsAction }),
        });
      } else {
        await check.update({
          status: "completed",
          ...renderCheckFailed({ reason, next, needsAction }),
        });
      }
      if (job.trigger === "mention") await ctx.publisher.createIssueComment(pr, failureReply(error));
    } else if (capacity) {
      await check.update({
        status: "in_progress",
        ...renderCheckWaitingForCapacity({ until: capacity.until, fallbackModel: capacity.switchTo }),
      });
    } else {
      const waitMs =
        decision.kind === "rate-limit"
          ? decision.waitMs
          : jobRetryDelay(
              attempt.attemptsMade,
              (decision.error as { retryAfterMs?: number } | undefined)?.retryAfterMs,
              attempt.jobId,
            );
      await check.update({
        status: "in_progress",
        ...renderCheckRetrying({ reason, retryAt: new Date(Date.now() + waitMs) }),
      });
    }
  } catch (reportError) {
    ctx.log.error({ err: String(reportError) }, "could not report the failure");
  }
}
