import type { ApplicationFunction } from "probot";
import type { Queues } from "../queue/queues.js";
import { handleIssueComment } from "./issue-comment.js";

export interface WebhookDeps {
  queues: Queues;
  /** The mention that addresses the bot, e.g. `@codex`. */
  trigger: string;
}

/**
 * The Probot app: one small handler per event. Handlers filter, parse, enqueue and acknowledge; they
 * never call the model, so the webhook is answered in milliseconds.
 */
export function createWebhookApp(deps: WebhookDeps): ApplicationFunction {
  return (app) => {
    app.on("issue_comment.created", (context) => handleIssueComment(context, deps));
  };
}
