import type { Context } from "probot";
import type { WebhookDeps } from "./deps.js";
import { routeMention } from "./mention-router.js";

/** `pull_request_review_comment.created` / `.edited`: a comment on the diff, in a review thread. */
export async function handleReviewComment(
  context: Context<"pull_request_review_comment.created" | "pull_request_review_comment.edited">,
  deps: WebhookDeps,
): Promise<void> {
  const { payload } = context;
  const installationId = payload.installation?.id;
  if (installationId === undefined) return;
  const owner = payload.repository.owner.login;
  const repo = payload.repository.name;
  const comment = payload.comment;
  await routeMention(
    {
      where: "thread",
      installationId,
      owner,
      repo,
      pullNumber: payload.pull_request.number,
      deliveryId: context.id,
      commentId: comment.id,
      // GitHub points every reply at the thread's first comment; replies to replies are refused.
      threadRootId: comment.in_reply_to_id ?? comment.id,
      body: comment.body,
      previousBody: payload.action === "edited" ? (payload.changes.body?.from ?? "") : null,
      sender: {
        login: payload.sender.login,
        id: payload.sender.id,
        type: comment.user?.type === "Bot" ? "Bot" : payload.sender.type,
      },
      association: comment.author_association,
      defaultBranch: payload.repository.default_branch,
      octokit: context.octokit,
      log: context.log.child({ delivery: context.id, owner, repo, pull: payload.pull_request.number }),
    },
    deps,
  );
}

/** `pull_request_review.submitted`: a mention in a review's body is answered in the conversation. */
export async function handleReviewSubmitted(
  context: Context<"pull_request_review.submitted">,
  deps: WebhookDeps,
): Promise<void> {
  const { payload } = context;
  const installationId = payload.installation?.id;
  if (installationId === undefined || !payload.review.body) return;
  const owner = payload.repository.owner.login;
  const repo = payload.repository.name;
  await routeMention(
    {
      where: "review-body",
      installationId,
      owner,
      repo,
      pullNumber: payload.pull_request.number,
      deliveryId: context.id,
      commentId: null,
      threadRootId: null,
      body: payload.review.body,
      previousBody: null,
      sender: {
        login: payload.sender.login,
        id: payload.sender.id,
        type: payload.review.user?.type === "Bot" ? "Bot" : payload.sender.type,
      },
      association: payload.review.author_association,
      defaultBranch: payload.repository.default_branch,
      octokit: context.octokit,
      log: context.log.child({ delivery: context.id, owner, repo, pull: payload.pull_request.number }),
    },
    deps,
  );
}
