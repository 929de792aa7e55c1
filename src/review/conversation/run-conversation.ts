import { loadRepoConfig } from "../../config/repo-config.js";
import { assertNever } from "../../errors.js";
import type { PullRequestRef } from "../ports.js";
import { authorize, deniedReply } from "../pipeline/authorize.js";
import { answerInConversation } from "./answer.js";
import { answerInThread } from "./thread.js";
import { applySuggestions } from "./apply.js";
import { reply, type ConversationContext, type Place } from "./context.js";
import type { ConversationCommand } from "../../commands/types.js";
import { answersInThread, type ConversationRequest } from "./request.js";
import { ignoreFinding, setAutomaticReviews } from "./switches.js";

export type ConversationOutcome = { status: "done"; command: ConversationCommand } | { status: "denied" };

/** Where a request's answer goes. */
export function placeOf(request: Pick<ConversationRequest, "command" | "commentId">): Place {
  return answersInThread(request.command)
    ? { kind: "thread", commentId: request.commentId }
    : { kind: "conversation" };
}

/**
 * `dismissals: collaborators-and-author` lets the PR's author dismiss findings without write access:
 * `@codex ignore` then counts from them as their 👎 does. The policy comes from the default branch.
 */
async function authorMayDismiss(
  ctx: ConversationContext,
  pr: PullRequestRef,
  login: string,
): Promise<boolean> {
  const info = await ctx.reader.getPullRequest(pr);
  if (info.author.toLowerCase() !== login.toLowerCase()) return false;
  const { config } = await loadRepoConfig(ctx.reader, pr, info.defaultBranch);
  return config.dismissals === "collaborators-and-author";
}

/**
 * A conversation command, after the one check every command shares: only people with write access
 * may have the bot spend model time, commit, or change its behaviour on a PR.
 */
export async function runConversation(
  ctx: ConversationContext,
  request: ConversationRequest,
): Promise<ConversationOutcome> {
  const { pr, requester, command } = request;
  const place = placeOf(request);
  const access = await authorize(ctx.reader, ctx.permissions, pr, requester.login);
  if (!access.allowed && !(command === "ignore" && (await authorMayDismiss(ctx, pr, requester.login)))) {
    if (access.explain) await reply(ctx, pr, place, deniedReply());
    return { status: "denied" };
  }
  switch (command) {
    case "ask":
      await answerInConversation(ctx, { pr, question: request.text, requester: requester.login });
      break;
    case "thread":
      await answerInThread(ctx, {
        pr,
        commentId: request.commentId,
        mode: request.mode ?? "ask",
        text: request.text,
        requester: requester.login,
      });
      break;
    case "apply":
      await applySuggestions(ctx, { pr, place, requester });
      break;
    case "pause":
    case "resume":
      await setAutomaticReviews(ctx, { pr, place, paused: command === "pause" });
      break;
    case "ignore":
      await ignoreFinding(ctx, { pr, commentId: request.commentId, requester: requester.login });
      break;
    default:
      assertNever(command, "conversation command");
  }
  return { status: "done", command };
}
