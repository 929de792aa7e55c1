import { parseThreadAnswer } from "./answer-schema.js";
import { threadOf, toMessages } from "./history.js";
import { THREAD_FIX_MAX_LINES, validateThreadFix } from "./validate-fix.js";
import { buildThreadRequest } from "../prompt/thread.js";
import { renderThreadReply } from "../render/conversation-reply.js";
import type { PullRequestRef } from "../ports.js";
import { askConversation } from "./ask-model.js";
import type { ConversationContext } from "./context.js";
import { conversationSettings } from "./settings.js";

/**
 * A mention inside a review thread: the model gets the thread's history, its diff hunk and the file
 * around the commented lines; `fix` answers with a suggestion for exactly that range (checked like
 * every suggestion), `ask` with a concise reply — posted in that thread.
 */
export async function answerInThread(
  ctx: ConversationContext,
  input: { pr: PullRequestRef; commentId: number; mode: "fix" | "ask"; text: string; requester: string },
): Promise<void> {
  const { reader } = ctx;
  const [info, comments] = await Promise.all([
    reader.getPullRequest(input.pr),
    ctx.threads.listReviewComments(input.pr),
  ]);
  const settings = await conversationSettings(ctx, input.pr, info.defaultBranch);
  const thread = threadOf(comments, input.commentId);
  const root = thread[0];
  if (!root) {
    await ctx.publisher.createIssueComment(
      input.pr,
      "I could not find the review thread this was written in.",
    );
    return;
  }
  const side = root.side ?? "RIGHT";
  const range = root.line === null ? null : { start: root.startLine ?? root.line, end: root.line };
  const fileContent = await reader.getFileContent(
    input.pr,
    root.path,
    side === "LEFT" ? info.baseSha : info.headSha,
  );
  const request = buildThreadRequest({
    mode: input.mode,
    request: input.text,
    requester: input.requester,
    prTitle: info.title,
    path: root.path,
    side,
    range,
    diffHunk: root.diffHunk,
    history: toMessages(thread, ctx.botLogin),
    fileContent,
    // One limit for what the model is told and what the check below lets through.
    maxFixLines: THREAD_FIX_MAX_LINES,
  });
  const answer = await askConversation(
    ctx.model,
    request,
    parseThreadAnswer,
    settings,
    `codex-thread:${input.pr.owner}/${input.pr.repo}`,
    ctx.signal,
    "your reply",
  );
  const fix = validateThreadFix({
    mode: input.mode,
    suggestion: answer.suggestion,
    path: root.path,
    side,
    range,
    fileContent,
    maxSuggestionLines: THREAD_FIX_MAX_LINES,
    triggerWords: settings.triggerWords,
  });
  const body = renderThreadReply(answer.reply, fix, input.mode, { triggerWords: settings.triggerWords });
  await ctx.threads.replyToReviewComment(input.pr, root.id, body);
}
