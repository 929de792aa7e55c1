import { renderFileForPrompt, type FilePatch } from "../diff/index.js";
import type { PullRequestInfo } from "../ports.js";
import { INPUT_LIMITS, untrustedBlock, visibleProse } from "./sanitize-input.js";
import { renderConversation } from "./conversation-context.js";
import type { ConversationMessage } from "../conversation/history.js";
import { ASK_INSTRUCTIONS } from "./conversation-instructions.js";
import type { ConversationPrompt } from "./thread.js";
import { ASK_ANSWER_SCHEMA_NAME, askAnswerJsonSchema } from "../conversation/answer-schema.js";

export interface AskRequestInput {
  /** The question as written after the trigger (`explain …` included). */
  question: string;
  requester: string;
  pr: Pick<PullRequestInfo, "title" | "body" | "headRef" | "baseRef">;
  /** Recent comments of the PR conversation, oldest first (the question's own comment last). */
  conversation: readonly ConversationMessage[];
  /** Every changed file's path. */
  allPaths: readonly string[];
  /** Diffs to show, most relevant first; those beyond `maxDiffChars` are named, not shown. */
  patches: readonly FilePatch[];
  /** Default 60,000 characters of diff (about 15k tokens). */
  maxDiffChars?: number;
  /** Default 12,000 characters of conversation. */
  maxConversationChars?: number;
}

function diffs(patches: readonly FilePatch[], max: number): string {
  const shown: string[] = [];
  const omitted: string[] = [];
  let used = 0;
  for (const patch of patches) {
    const text = renderFileForPrompt(patch);
    if (used + text.length > max) {
      omitted.push(patch.path);
      continue;
    }
    shown.push(text);
    used += text.length + 2;
  }
  if (omitted.length > 0) shown.push(`## not shown (size limit): ${omitted.join(", ")}`);
  return shown.join("\n\n");
}

/**
 * The model request for a question in the pull request conversation (`explain` or free text): one
 * concise answer, no code change. Every piece of PR text is a delimited block of untrusted data.
 */
export function buildAskRequest(input: AskRequestInput): ConversationPrompt {
  const question = visibleProse(input.question, INPUT_LIMITS.request);
  const sections = [
    `Question from ${input.requester} (untrusted):\n${untrustedBlock("question", question || "explain")}`,
    [
      `Pull request (${input.pr.headRef} into ${input.pr.baseRef}); title and description (untrusted):`,
      untrustedBlock("pr_title", visibleProse(input.pr.title, INPUT_LIMITS.title)),
      untrustedBlock("pr_description", visibleProse(input.pr.body, INPUT_LIMITS.description) || "(none)"),
    ].join("\n"),
    `Recent conversation, oldest first (untrusted):\n${untrustedBlock(
      "conversation",
      renderConversation(input.conversation, input.maxConversationChars ?? 12_000) || "(none)",
    )}`,
    `Files changed (untrusted):\n${untrustedBlock("changed_files", input.allPaths.join("\n"))}`,
    `Diffs (untrusted):\n${untrustedBlock("diff", diffs(input.patches, input.maxDiffChars ?? 60_000))}`,
  ];
  return {
    instructions: ASK_INSTRUCTIONS,
    input: [{ role: "user", content: sections.join("\n\n") }],
    schema: { name: ASK_ANSWER_SCHEMA_NAME, schema: askAnswerJsonSchema() },
  };
}
