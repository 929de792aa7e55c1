import type { Context } from "probot";
import { parseCommand, usageText } from "../commands/parse.js";
import { enqueueMention } from "../queue/queues.js";
import type { WebhookDeps } from "./app.js";

type IssueCommentContext = Context<"issue_comment.created">;

/**
 * `issue_comment.created`: a comment in a PR's conversation. Plain issues, bots (this app included)
 * and comments that do not address the trigger word are ignored without a word.
 */
export async function handleIssueComment(context: IssueCommentContext, deps: WebhookDeps): Promise<void> {
  const { payload } = context;
  if (!payload.issue.pull_request) return;
  if (payload.sender.type === "Bot" || payload.comment.user?.type === "Bot") return;
  const body = payload.comment.body ?? "";
  // Most comments mention nobody: skip them before spending a config read.
  if (!body.includes("@")) return;
  const installationId = payload.installation?.id;
  if (installationId === undefined) return;
  const owner = payload.repository.owner.login;
  const repo = payload.repository.name;
  const { config } = await deps.configs.get(context.octokit, owner, repo, payload.repository.default_branch);
  const trigger = config.trigger ?? deps.trigger;
  const command = parseCommand(body, trigger);
  if (!command) return;
  const log = context.log.child({ delivery: context.id, owner, repo, pull: payload.issue.number });

  if (command.kind !== "review") {
    const lead = command.kind === "unknown" ? `I don't know the command \`${command.word}\`.\n\n` : "";
    background(log, "usage reply", () =>
      context.octokit.rest.issues.createComment({
        owner,
        repo,
        issue_number: payload.issue.number,
        body: lead + usageText(trigger),
      }),
    );
    return;
  }

  const { jobId, added } = await enqueueMention(deps.queues, {
    trigger: "mention",
    installationId,
    owner,
    repo,
    pullNumber: payload.issue.number,
    deliveryId: context.id,
    commentId: payload.comment.id,
    requestedBy: payload.sender.login,
  });
  log.info({ jobId, added }, added ? "review queued" : "review already queued for this delivery");
  if (!added) return;
  // The 👀 is an acknowledgement, not part of the work: never make the webhook wait for it.
  background(log, "eyes reaction", () =>
    context.octokit.rest.reactions.createForIssueComment({
      owner,
      repo,
      comment_id: payload.comment.id,
      content: "eyes",
    }),
  );
}

function background(
  log: { warn: (fields: Record<string, unknown>, message: string) => void },
  what: string,
  task: () => Promise<unknown>,
): void {
  task().catch((error: unknown) => log.warn({ err: error }, `${what} failed`));
}
