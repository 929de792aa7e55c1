import type { ConversationJob } from "../../queue/jobs.js";
import { authorize, deniedReply } from "../pipeline/authorize.js";
import { answerInConversation } from "./answer.js";
import { answerInThread } from "./thread.js";
import { applySuggestions } from "./apply.js";
import { reply, type ConversationContext, type Place } from "./context.js";
import { ignoreFinding, setAutomaticReviews } from "./switches.js";

export type ConversationOutcome =
  { status: "done"; command: ConversationJob["command"] } | { status: "denied" };

/**
 * A conversation command, after the one check every command shares: only people with write access
 * may have the bot spend model time, commit, or change its behaviour on a PR.
 */
export async function runConversation(
  ctx: ConversationContext,
  job: ConversationJob,
): Promise<ConversationOutcome> {
  const pr = { owner: job.owner, repo: job.repo, pullNumber: job.pullNumber };
  const place: Place =
    job.command === "thread" || job.command === "ignore"
      ? { kind: "thread", commentId: job.commentId }
      : { kind: "conversation" };
  const access = await authorize(ctx.reader, ctx.permissions, pr, job.requestedBy);
  if (!access.allowed) {
    if (access.explain) await reply(ctx, pr, place, deniedReply());
    return { status: "denied" };
  }
  switch (job.command) {
    case "ask":
      await answerInConversation(ctx, { pr, question: job.text, requester: job.requestedBy });
      break;
    case "thread":
      await answerInThread(ctx, {
        pr,
        commentId: job.commentId,
        mode: job.mode ?? "ask",
        text: job.text,
        requester: job.requestedBy,
      });
      break;
    case "apply":
      await applySuggestions(ctx, { pr, place, requester: { login: job.requestedBy, id: job.requesterId } });
      break;
    case "pause":
    case "resume":
      await setAutomaticReviews(ctx, { pr, place, paused: job.command === "pause" });
      break;
    case "ignore":
      await ignoreFinding(ctx, { pr, commentId: job.commentId, requester: job.requestedBy });
      break;
  }
  return { status: "done", command: job.command };
}
