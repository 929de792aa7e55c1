import type { Context } from "probot";
import type { WebhookDeps } from "./deps.js";
import { routeMention } from "./mention-router.js";

/**
 * `issue_comment.created` / `.edited`: a comment in a PR's conversation. Plain issues are ignored;
 * an edit counts only when it adds a command that was not there.
 */
export async function handleIssueComment(
  context: Context<"issue_comment.created" | "issue_comment.edited">,
  deps: WebhookDeps,
): Promise<void> {
  const { payload } = context;
  const installationId = payload.installation?.id;
  if (!payload.issue.pull_request || installationId === undefined) return;
  const owner = payload.repository.owner.login;
  const repo = payload.repository.name;
  await routeMention(
    {
      where: "conversation",
      installationId,
      owner,
      repo,
      pullNumber: payload.issue.number,
      deliveryId: context.id,
      commentId: payload.comment.id,
      threadRootId: null,
      body: payload.comment.body ?? "",
      previousBody: payload.action === "edited" ? (payload.changes.body?.from ?? "") : null,
      sender: {
        login: payload.sender.login,
        id: payload.sender.id,
        type: payload.comment.user?.type === "Bot" ? "Bot" : payload.sender.type,
      },
      association: payload.comment.author_association,
      defaultBranch: payload.repository.default_branch,
      octokit: context.octokit,
      log: context.log.child({ delivery: context.id, owner, repo, pull: payload.issue.number }),
    },
    deps,
  );
}
