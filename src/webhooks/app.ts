import type { ApplicationFunction } from "probot";
import type { PullRequestLedger } from "../review/ledger/types.js";
import type { PrState } from "../state/pr-state.js";
import type { Queues } from "../queue/queues.js";
import { handleCheckRunRerequested } from "./check-run.js";
import type { RepoConfigCache } from "./config-cache.js";
import { handleIssueComment } from "./issue-comment.js";
import { handlePullRequest } from "./pull-request.js";
import { handleReviewComment, handleReviewSubmitted } from "./review-comment.js";

export interface WebhookDeps {
  queues: Queues;
  /** Per-PR memory shared with the workers (latest head, pause flag, pending check runs). */
  prState: PrState;
  /** Repository settings (`.github/codex.yml`), cached briefly. */
  configs: RepoConfigCache;
  /** The server's default mention, e.g. `@codex`; a repository may choose another. */
  trigger: string;
  /** The finding ledger of a PR, so closing a PR can start its expiry and reopening stop it. */
  ledgers: { forPullRequest(pr: { owner: string; repo: string; pullNumber: number }): PullRequestLedger };
  /** Seconds a closed PR's ledger is kept. */
  ledgerTtlSeconds: number;
  /** Lower-case logins of bots whose mentions are obeyed; every other bot is ignored. */
  allowedBots: string[];
}

/**
 * The Probot app: one small handler per event. Handlers filter, parse, enqueue and acknowledge; they
 * never call the model, so the webhook is answered in milliseconds.
 */
export function createWebhookApp(deps: WebhookDeps): ApplicationFunction {
  return (app) => {
    app.on(["issue_comment.created", "issue_comment.edited"], (context) => handleIssueComment(context, deps));
    app.on(["pull_request_review_comment.created", "pull_request_review_comment.edited"], (context) =>
      handleReviewComment(context, deps),
    );
    app.on("pull_request_review.submitted", (context) => handleReviewSubmitted(context, deps));
    app.on(
      [
        "pull_request.opened",
        "pull_request.reopened",
        "pull_request.synchronize",
        "pull_request.ready_for_review",
        "pull_request.converted_to_draft",
        "pull_request.closed",
      ],
      (context) => handlePullRequest(context, deps),
    );
    app.on("check_run.rerequested", (context) => handleCheckRunRerequested(context, deps));
  };
}
