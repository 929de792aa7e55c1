import { diffArrays } from "diff";
import { codeBlock } from "./markdown.js";
import { sanitizeCode, type SanitizeOptions } from "./sanitize.js";

/**
 * A committable suggestion: GitHub replaces the whole commented range with exactly these lines (none
 * deletes it). Never sanitized: it was verified byte for byte and must be committed as is.
 */
export function suggestionBlock(lines: readonly string[]): string {
  return codeBlock("suggestion", lines);
}

/**
 * A fix shown, not offered for commit: a line diff of the range against the replacement. Unchanged
 * lines keep a space marker, so the reader sees what stays.
 */
export function diffBlock(
  original: readonly string[],
  replacement: readonly string[],
  options: SanitizeOptions,
): string {
  const out: string[] = [];
  for (const change of diffArrays([...original], [...replacement])) {
    const marker = change.added ? "+" : change.removed ? "-" : " ";
    for (const line of change.value) out.push(`${marker} ${sanitizeCode(line, options)}`.trimEnd());
  }
  return codeBlock("diff", out);
}
