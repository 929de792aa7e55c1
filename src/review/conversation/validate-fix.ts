import { splitModelLines, splitQuote } from "../findings/quote.js";
import type { Finding } from "../findings/schema.js";
import { prepareFix } from "../findings/suggestion.js";
import type { PlacedFix } from "../findings/types.js";
import { verifyEdit } from "../findings/verify.js";
import type { ReviewSide } from "../ports.js";
import type { ThreadRange } from "../prompt/thread.js";
import type { ThreadSuggestion } from "./answer-schema.js";

/**
 * The longest suggestion a thread fix may be, in lines (the range and its replacement): longer than
 * a review's, because the person chose the range. The thread prompt states the same number.
 */
export const THREAD_FIX_MAX_LINES = 30;

export interface ThreadFixInput {
  mode: "fix" | "ask";
  suggestion: ThreadSuggestion | null;
  path: string;
  side: ReviewSide;
  range: ThreadRange | null;
  /** The file at the head; null when it could not be read. */
  fileContent: string | null;
  /** Longest suggestion, in lines. Default {@link THREAD_FIX_MAX_LINES}. */
  maxSuggestionLines?: number;
  /** Default 1,000,000 characters. */
  maxParseCheckChars?: number;
  /** Words that must never be committed, such as the trigger. Default ["@codex"]. */
  triggerWords?: readonly string[];
}

function headLines(content: string, start: number, end: number): string[] | null {
  const lines = content.split("\n");
  if (content.endsWith("\n")) lines.pop();
  if (end > lines.length) return null;
  return lines.slice(start - 1, end).map((line) => line.replace(/\r$/, ""));
}

/**
 * Turns the model's suggestion for a thread into what the reply shows: a committable suggestion
 * only for exactly the thread's range on the head, checked like every other suggestion (quote
 * matches the file, change stays in the range, no silent deletion, no trigger word, still parses);
 * anything else is a diff block with the reason, or nothing for questions.
 */
export function validateThreadFix(input: ThreadFixInput): PlacedFix {
  const s = input.suggestion;
  if (s === null) return { kind: "none", reason: null };
  if (input.mode === "ask") return { kind: "none", reason: "an answer carries no code change" };
  const quote = splitQuote(s.original_code, s.end_line - s.start_line + 1);
  const replacement = splitModelLines(s.replacement);
  const diff = (reason: string, original: readonly string[] = quote): PlacedFix => ({
    kind: "diff",
    original: [...original],
    replacement,
    reason,
  });
  if (input.side === "LEFT") return diff("the thread is on removed lines, where GitHub takes no suggestion");
  const range = input.range;
  if (range === null) return diff("the thread is outdated");
  if (s.start_line !== range.start || s.end_line !== range.end) {
    return diff(`it is for lines ${s.start_line}–${s.end_line}, not the commented lines`);
  }
  if (input.fileContent === null) return diff("the file at the head could not be read to verify it");
  const original = headLines(input.fileContent, range.start, range.end);
  if (original === null) return diff("the commented lines are past the end of the file at the head");

  const finding: Finding = {
    title: "",
    body: "",
    priority: null,
    confidence_score: 1,
    path: input.path,
    start_line: s.start_line,
    end_line: s.end_line,
    original_code: s.original_code,
    suggestion: s.replacement,
    deletes_lines: s.deletes_lines,
  };
  const prepared = prepareFix({
    finding,
    quote,
    original,
    replacement,
    maxLines: input.maxSuggestionLines ?? THREAD_FIX_MAX_LINES,
    triggerWords: input.triggerWords ?? ["@codex"],
  });
  if (prepared.kind === "none") return prepared;
  if (prepared.kind === "diff")
    return { kind: "diff", original, replacement: prepared.replacement, reason: prepared.reason };
  const verdict = verifyEdit(
    {
      path: input.path,
      content: input.fileContent,
      start: range.start,
      end: range.end,
      original,
      replacement: prepared.replacement,
    },
    { maxParseCheckChars: input.maxParseCheckChars ?? 1_000_000, parsedBefore: new Map() },
  );
  return verdict.ok
    ? { kind: "suggestion", lines: prepared.replacement }
    : { kind: "diff", original, replacement: prepared.replacement, reason: verdict.reason };
}
