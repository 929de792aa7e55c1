import { closesFence, fenceOpenedBy, type Fence } from "../render/markdown.js";

export type SuggestionBlock =
  { kind: "none" } | { kind: "one"; lines: string[] } | { kind: "several" } | { kind: "unterminated" };

/**
 * The ```suggestion block of a comment body: GitHub replaces the commented range with exactly its
 * lines (none: the range is deleted). Fences of any length ≥ 3, backticks or tildes; a body with
 * two blocks is ambiguous (GitHub would offer both) and one never closed is not a suggestion we
 * wrote.
 */
export function parseSuggestionBlock(body: string): SuggestionBlock {
  const found: string[][] = [];
  let open: { fence: Fence; suggestion: boolean; lines: string[] } | null = null;
  for (const line of body.replace(/\r\n?/g, "\n").split("\n")) {
    if (open) {
      if (closesFence(line, open.fence)) {
        if (open.suggestion) found.push(open.lines);
        open = null;
      } else {
        open.lines.push(line);
      }
      continue;
    }
    const fence = fenceOpenedBy(line);
    if (fence) {
      const info = line.trim().slice(fence.length).trim();
      open = { fence, suggestion: /^suggestion$/i.test(info), lines: [] };
    }
  }
  if (open?.suggestion) return { kind: "unterminated" };
  if (found.length > 1) return { kind: "several" };
  const [only] = found;
  return only ? { kind: "one", lines: only } : { kind: "none" };
}

/** Whether a body holds a suggestion block at all (cheap filter before parsing). */
export function mentionsSuggestion(body: string): boolean {
  return /^ {0,3}(`{3,}|~{3,})[ \t]*suggestion[ \t]*\r?$/im.test(body);
}
