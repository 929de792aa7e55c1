import type { PlacedFix } from "../findings/types.js";
import { renderFix } from "./comment.js";
import { truncateMarkdown } from "./markdown.js";
import { sanitizeInline, sanitizeMarkdown, type SanitizeOptions } from "./sanitize.js";

/** How long an answer may be: a reply in a thread is read inline, next to the code. */
export const MAX_REPLY_TEXT = 4_000;
const MAX_BODY = 60_000;

function text(answer: string, options: SanitizeOptions, max = MAX_REPLY_TEXT): string {
  const clean = sanitizeMarkdown(answer, options).trim();
  return clean === "" ? "" : truncateMarkdown(clean, max);
}

/**
 * The reply posted in a review thread: the model's answer, sanitised (no mentions, no HTML, no
 * trigger, fences closed) and kept short, then the fix — a committable ```suggestion block when
 * it passed every check, a ```diff block with the reason otherwise. A fix that was asked for and
 * not given says why.
 */
export function renderThreadReply(
  reply: string,
  fix: PlacedFix,
  mode: "fix" | "ask",
  options: SanitizeOptions = {},
): string {
  const parts: string[] = [];
  const answer = text(reply, options);
  if (answer !== "") parts.push(answer);
  const block = renderFix(fix, options);
  if (block !== "" && block.length <= MAX_BODY - MAX_REPLY_TEXT) parts.push(block);
  else if (block !== "") parts.push("_The suggested change is too long to show here._");
  if (mode === "fix" && fix.kind === "none" && fix.reason !== null) {
    parts.push(`_No change suggested: ${sanitizeInline(fix.reason, options)}._`);
  }
  return parts.length === 0 ? "_I have nothing to add here._" : parts.join("\n\n");
}

/** The answer to a question in the pull request conversation (at most `maxChars`, default 6,000). */
export function renderAnswer(answer: string, options: SanitizeOptions = {}, maxChars = 6_000): string {
  const body = text(answer, options, maxChars);
  return body === "" ? "_I have nothing to add here._" : body;
}
