import { INPUT_LIMITS, capText, visibleProse } from "./sanitize-input.js";
import type { ConversationMessage } from "../conversation/history.js";

/** How much conversation and file a conversational prompt carries. */
export interface ContextLimits {
  /** Lines of file shown before and after the commented range. Default 30. */
  radius?: number;
  /** Characters of conversation in all; older messages are left out first. Default 16,000. */
  maxConversationChars?: number;
  /** Longer file lines are cut, so one minified line cannot eat the budget. Default 2,000. */
  maxLineChars?: number;
}

const DEFAULTS: Required<ContextLimits> = { radius: 30, maxConversationChars: 16_000, maxLineChars: 2_000 };

export function resolveLimits(limits: ContextLimits = {}): Required<ContextLimits> {
  return {
    radius: limits.radius ?? DEFAULTS.radius,
    maxConversationChars: limits.maxConversationChars ?? DEFAULTS.maxConversationChars,
    maxLineChars: limits.maxLineChars ?? DEFAULTS.maxLineChars,
  };
}

function renderMessage(message: ConversationMessage): string {
  const who = message.fromBot ? `${message.author} (you, earlier)` : message.author;
  return `--- ${who}:\n${visibleProse(message.body, INPUT_LIMITS.comment)}`;
}

/**
 * A conversation, oldest first, within `maxChars`: the first message (what the thread is about)
 * and the latest ones are kept, the middle gives way, and the gap is said.
 */
export function renderConversation(messages: readonly ConversationMessage[], maxChars: number): string {
  const rendered = messages.map(renderMessage);
  const total = rendered.reduce((sum, text) => sum + text.length + 1, 0);
  if (total <= maxChars || rendered.length <= 2) return capText(rendered.join("\n"), maxChars);
  const [first = "", ...rest] = rendered;
  const kept: string[] = [];
  let used = first.length + 80;
  for (let i = rest.length - 1; i >= 0; i--) {
    const text = rest[i] as string;
    if (used + text.length + 1 > maxChars) break;
    kept.unshift(text);
    used += text.length + 1;
  }
  const left = rest.length - kept.length;
  return [first, `--- (${left} earlier message${left === 1 ? "" : "s"} not shown)`, ...kept].join("\n");
}

/**
 * The file around a range as "<number> | <code>", the range marked with ">", so the model can
 * quote the range exactly and see what surrounds it. Code is shown as the file has it, except that
 * over-long lines are cut (marked with brackets no language uses).
 */
export function fileExcerpt(
  content: string,
  start: number,
  end: number,
  limits: Required<ContextLimits>,
): string {
  const lines = content.split("\n");
  if (content.endsWith("\n")) lines.pop();
  const from = Math.max(1, start - limits.radius);
  const to = Math.min(lines.length, end + limits.radius);
  const width = String(to).length;
  const out: string[] = [];
  for (let n = from; n <= to; n++) {
    const raw = (lines[n - 1] ?? "").replace(/\r$/, "");
    const text =
      raw.length > limits.maxLineChars
        ? `${raw.slice(0, limits.maxLineChars)} ⟦… ${raw.length - limits.maxLineChars} more characters not shown⟧`
        : raw;
    out.push(`${n >= start && n <= end ? ">" : " "}${String(n).padStart(width)} | ${text}`);
  }
  if (to < lines.length) out.push(`(file continues to line ${lines.length})`);
  return out.join("\n");
}
