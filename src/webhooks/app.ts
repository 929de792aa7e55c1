import { QueueUnavailableError } from "../errors.js";
import type { ApplicationFunction, Context } from "probot";
import { handleCheckRunRerequested } from "./check-run.js";
import type { WebhookDeps } from "./deps.js";
import { handleIssueComment } from "./issue-comment.js";
import { handlePullRequest } from "./pull-request.js";
import { handleReviewComment, handleReviewSubmitted } from "./review-comment.js";

/**
 * Runs a handler only for the first copy of a delivery. The claim comes before any side effect; a
 * handler that fails gives it back, so that GitHub's redelivery of the failed webhook is handled,
 * and one that succeeds makes it last the redelivery window.
 */
function once<C extends Context>(
  deps: WebhookDeps,
  handler: (context: C, deps: WebhookDeps) => Promise<void>,
): (context: C) => Promise<void> {
  return async (context) => {
    // Redis down: 503 like an enqueue that missed its deadline, so GitHub records a failed delivery.
    const claimed = await deps.deliveries.claim(context.id).catch((error: unknown) => {
      throw new QueueUnavailableError("Redis did not take the delivery claim", { cause: error });
    });
    if (!claimed) {
      context.log.info({ delivery: context.id, event: context.name }, "duplicate delivery ignored");
      return;
    }
    try {
      await handler(context, deps);
    } catch (error) {
      await deps.deliveries.release(context.id).catch(() => {});
      throw error;
    }
    // The work is queued; if Redis drops before this, the short claim lapses and a redelivery is
    // handled again, which the deterministic job ids make harmless.
    await deps.deliveries.confirm(context.id).catch((error: unknown) => {
      context.log.warn({ delivery: context.id, err: error }, "delivery claim not confirmed");
    });
  };
}

/**
 * The Probot app: one small handler per event. Handlers filter, parse, enqueue and acknowledge; they
 * never call the model, so the webhook is answered in milliseconds.
 */
export function createWebhookApp(deps: WebhookDeps): ApplicationFunction {
  return (app) => {
    app.on(["issue_comment.created", "issue_comment.edited"], once(deps, handleIssueComment));
    app.on(
      ["pull_request_review_comment.created", "pull_request_review_comment.edited"],
      once(deps, handleReviewComment),
    );
    app.on("pull_request_review.submitted", once(deps, handleReviewSubmitted));
    app.on(
      [
        "pull_request.opened",
        "pull_request.reopened",
        "pull_request.synchronize",
        "pull_request.ready_for_review",
        "pull_request.converted_to_draft",
        "pull_request.closed",
      ],
      once(deps, handlePullRequest),
    );
    app.on("check_run.rerequested", once(deps, handleCheckRunRerequested));
  };
}

export type { WebhookDeps } from "./deps.js";
