import { dismissedReply, parseFindingMarker } from "../ledger/index.js";
import type { PullRequestRef } from "../ports.js";
import { reply, type ConversationContext, type Place } from "./context.js";

/** `@codex pause` / `@codex resume`: automatic reviews of this PR off or on. */
export async function setAutomaticReviews(
  ctx: ConversationContext,
  input: { pr: PullRequestRef; place: Place; paused: boolean },
): Promise<void> {
  await ctx.pause.setPaused(input.pr, input.paused);
  const trigger = ctx.settings.trigger;
  const text = input.paused
    ? `Automatic reviews of this pull request are paused. Comment \`${trigger} resume\` to turn them back on; \`${trigger} review\` still works.`
    : "Automatic reviews of this pull request are on again.";
  await reply(ctx, input.pr, input.place, text);
}

/** `@codex ignore` in a finding's thread: the finding is dismissed and never raised again on this PR. */
export async function ignoreFinding(
  ctx: ConversationContext,
  input: { pr: PullRequestRef; commentId: number; requester: string },
): Promise<void> {
  const comments = await ctx.threads.listReviewComments(input.pr);
  const mention = comments.find((c) => c.id === input.commentId);
  const rootId = mention?.inReplyToId ?? mention?.id;
  const root = comments.find((c) => c.id === rootId);
  const fingerprint =
    root && (root.author ?? "").toLowerCase() === ctx.botLogin.toLowerCase()
      ? parseFindingMarker(root.body)
      : null;
  if (!root || fingerprint === null) {
    await reply(
      ctx,
      input.pr,
      { kind: "thread", commentId: input.commentId },
      "There is no finding of mine in this thread to ignore.",
    );
    return;
  }
  await ctx.ledger.markDismissed(fingerprint, { by: input.requester, how: "ignore-command" });
  await ctx.threads.replyToReviewComment(input.pr, root.id, dismissedReply(fingerprint));
}
