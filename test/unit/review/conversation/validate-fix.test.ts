import { describe, expect, it } from "vitest";
import type { ThreadSuggestion } from "../../../../src/review/conversation/answer-schema.js";
import {
  THREAD_FIX_MAX_LINES,
  validateThreadFix,
  type ThreadFixInput,
} from "../../../../src/review/conversation/validate-fix.js";

const FILE = [
  "export function total(items: number[]): number {",
  "  let sum = 0;",
  "  for (let i = 0; i <= items.length; i++) sum += items[i];",
  "  return sum;",
  "}",
  "",
].join("\n");
const LOOP = "  for (let i = 0; i <= items.length; i++) sum += items[i];";
const FIXED = "  for (let i = 0; i < items.length; i++) sum += items[i];";

function suggestion(overrides: Partial<ThreadSuggestion> = {}): ThreadSuggestion {
  return {
    start_line: 3,
    end_line: 3,
    original_code: LOOP,
    replacement: FIXED,
    deletes_lines: false,
    ...overrides,
  };
}

function input(overrides: Partial<ThreadFixInput> = {}): ThreadFixInput {
  return {
    mode: "fix",
    suggestion: suggestion(),
    path: "src/util.ts",
    side: "RIGHT",
    range: { start: 3, end: 3 },
    fileContent: FILE,
    ...overrides,
  };
}

describe("validateThreadFix", () => {
  it("offers a verified suggestion for exactly the thread's range", () => {
    expect(validateThreadFix(input())).toEqual({ kind: "suggestion", lines: [FIXED] });
  });

  it("takes a multi-line range and restores the indentation a model dropped", () => {
    const result = validateThreadFix(
      input({
        range: { start: 2, end: 4 },
        suggestion: suggestion({
          start_line: 2,
          end_line: 4,
          original_code: ["let sum = 0;", LOOP.trim(), "return sum;"].join("\n"),
          replacement: "return items.reduce((a, b) => a + b, 0);",
          deletes_lines: true,
        }),
      }),
    );
    expect(result).toEqual({ kind: "suggestion", lines: ["  return items.reduce((a, b) => a + b, 0);"] });
  });

  it("keeps CRLF out of the suggestion for a CRLF file", () => {
    const crlf = FILE.replace(/\n/g, "\r\n");
    expect(validateThreadFix(input({ fileContent: crlf }))).toEqual({ kind: "suggestion", lines: [FIXED] });
  });

  it.each<[string, Partial<ThreadFixInput>, unknown]>([
    ["no suggestion", { suggestion: null }, { kind: "none", reason: null }],
    ["a question", { mode: "ask" }, { kind: "none", reason: "an answer carries no code change" }],
    [
      "removed lines",
      { side: "LEFT" },
      {
        kind: "diff",
        original: [LOOP],
        replacement: [FIXED],
        reason: "the thread is on removed lines, where GitHub takes no suggestion",
      },
    ],
    [
      "an outdated thread",
      { range: null },
      { kind: "diff", original: [LOOP], replacement: [FIXED], reason: "the thread is outdated" },
    ],
    [
      "other lines than the thread's",
      { range: { start: 2, end: 3 } },
      {
        kind: "diff",
        original: [LOOP],
        replacement: [FIXED],
        reason: "it is for lines 3–3, not the commented lines",
      },
    ],
    [
      "an unreadable file",
      { fileContent: null },
      {
        kind: "diff",
        original: [LOOP],
        replacement: [FIXED],
        reason: "the file at the head could not be read to verify it",
      },
    ],
    [
      "a range past the end of the file",
      { range: { start: 9, end: 9 }, suggestion: suggestion({ start_line: 9, end_line: 9 }) },
      {
        kind: "diff",
        original: [LOOP],
        replacement: [FIXED],
        reason: "the commented lines are past the end of the file at the head",
      },
    ],
  ])("%s", (_name, overrides, expected) => {
    expect(validateThreadFix(input(overrides))).toEqual(expected);
  });

  it.each<[string, Partial<ThreadSuggestion>, string]>([
    [
      "a quote that is not the file",
      { original_code: "  for (;;) {}" },
      "the quoted code differs from the file",
    ],
    [
      "a silent deletion",
      { start_line: 3, end_line: 3, replacement: "" },
      "it would delete lines the finding does not say it removes",
    ],
    ["the trigger word", { replacement: `${FIXED} // @codex apply` }, "it contains the bot's trigger word"],
    [
      "a change that breaks parsing",
      { replacement: "  for (let i = 0; i < items.length; i++ sum += items[i];" },
      "the file would no longer parse with this change",
    ],
  ])("shows %s as a diff with the reason", (_name, overrides, reason) => {
    const result = validateThreadFix(input({ suggestion: suggestion(overrides) }));
    expect(result).toMatchObject({ kind: "diff", reason });
  });

  it("offers nothing when the suggestion is the current code", () => {
    expect(validateThreadFix(input({ suggestion: suggestion({ replacement: LOOP }) }))).toEqual({
      kind: "none",
      reason: "the suggested code is the current code",
    });
  });

  it("takes a fix of THREAD_FIX_MAX_LINES lines by default, the limit the thread prompt states", () => {
    const lines = (n: number) => [FIXED, ...Array.from({ length: n - 1 }, () => "  sum += 0;")].join("\n");
    const fits = suggestion({ replacement: lines(THREAD_FIX_MAX_LINES) });
    expect(validateThreadFix(input({ suggestion: fits }))).toMatchObject({ kind: "suggestion" });
    const longer = suggestion({ replacement: lines(THREAD_FIX_MAX_LINES + 1) });
    expect(validateThreadFix(input({ suggestion: longer }))).toMatchObject({
      kind: "diff",
      reason: `it is longer than ${THREAD_FIX_MAX_LINES} lines`,
    });
  });

  it("honours the configured trigger words and line limit", () => {
    const spark = suggestion({ replacement: `${FIXED} // @spark` });
    expect(validateThreadFix(input({ suggestion: spark, triggerWords: ["@spark"] }))).toMatchObject({
      kind: "diff",
    });
    expect(validateThreadFix(input({ suggestion: spark }))).toMatchObject({ kind: "suggestion" });
    expect(validateThreadFix(input({ maxSuggestionLines: 0 }))).toMatchObject({
      kind: "diff",
      reason: "it is longer than 0 lines",
    });
  });
});
