import { parseChangedFile } from "../diff/index.js";
import { parseAskAnswer } from "./answer-schema.js";
import type { ConversationMessage } from "./history.js";
import { buildAskRequest } from "../prompt/ask.js";
import { renderAnswer } from "../render/conversation-reply.js";
import type { PullRequestRef } from "../ports.js";
import { askConversation } from "./ask-model.js";
import type { ConversationContext } from "./context.js";
import { conversationSettings } from "./settings.js";

/** `@codex explain …` or any question in the PR conversation: one concise answer there. */
export async function answerInConversation(
  ctx: ConversationContext,
  input: { pr: PullRequestRef; question: string; requester: string },
): Promise<void> {
  const { reader } = ctx;
  const [info, files, comments] = await Promise.all([
    reader.getPullRequest(input.pr),
    reader.listFiles(input.pr),
    reader.listIssueComments(input.pr, 20),
  ]);
  const settings = await conversationSettings(ctx, input.pr, info.defaultBranch);
  const bot = ctx.botLogin.toLowerCase();
  const conversation: ConversationMessage[] = comments.map((c) => ({
    author: c.author ?? "(deleted account)",
    fromBot: (c.author ?? "").toLowerCase() === bot,
    body: c.body,
  }));
  const request = buildAskRequest({
    question: input.question,
    requester: input.requester,
    pr: info,
    conversation,
    allPaths: files.map((f) => f.path),
    patches: files.map(parseChangedFile),
  });
  const answer = await askConversation(
    ctx.model,
    request,
    parseAskAnswer,
    settings,
    `codex-ask:${input.pr.owner}/${input.pr.repo}`,
    ctx.signal,
    "your answer",
  );
  await ctx.publisher.createIssueComment(
    input.pr,
    renderAnswer(answer.answer, { triggerWords: settings.triggerWords }),
  );
}
