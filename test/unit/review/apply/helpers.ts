import type { SuggestionComment } from "../../../../src/review/ports-commits.js";

export const BOT = "codex-spark[bot]";
export const HEAD_SHA = "2".repeat(40);
export const OLD_SHA = "1".repeat(40);

export const UTIL = [
  "export function total(items: number[]): number {",
  "  let sum = 0;",
  "  for (let i = 0; i <= items.length; i++) sum += items[i];",
  "  return sum;",
  "}",
  "",
  "export function label(n: number): string {",
  '  return "n=" + n;',
  "}",
  "",
].join("\n");

/** A `diff_hunk` as GitHub sends it: a header and every line down to `end`, all shown as context. */
export function hunkUpTo(content: string, end: number): string {
  const lines = content.split("\n").map((line) => line.replace(/\r$/, ""));
  return [`@@ -1,${end} +1,${end} @@`, ...lines.slice(0, end).map((line) => ` ${line}`)].join("\n");
}

let nextId = 100;

/** A suggestion comment of the bot on the current head, against `content` at lines `start..end`. */
export function suggestion(
  content: string,
  start: number,
  end: number,
  lines: string[],
  overrides: Partial<SuggestionComment> = {},
): SuggestionComment {
  const body = ["**[P1]** Fix the bound", "", "Off by one.", "", "```suggestion", ...lines, "```"].join("\n");
  return {
    id: nextId++,
    body,
    author: BOT,
    path: "src/util.ts",
    line: end,
    startLine: start === end ? null : start,
    side: "RIGHT",
    startSide: start === end ? null : "RIGHT",
    originalLine: end,
    originalStartLine: start === end ? null : start,
    commitId: HEAD_SHA,
    originalCommitId: HEAD_SHA,
    diffHunk: hunkUpTo(content, end),
    inReplyToId: null,
    createdAt: "2026-01-05T10:00:00Z",
    ...overrides,
  };
}

/** Text files as the bytes `apply` reads (UTF-8). */
export function bytesOf(contents: Record<string, string | null>): Map<string, Uint8Array | null> {
  return new Map(
    Object.entries(contents).map(([path, text]) => [path, text === null ? null : Buffer.from(text, "utf8")]),
  );
}

/** A written file's bytes as UTF-8 text. */
export function textOf(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("utf8");
}
