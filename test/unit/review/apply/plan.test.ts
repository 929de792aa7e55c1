import { describe, expect, it } from "vitest";
import { pathsToRead, planApply } from "../../../../src/review/apply/index.js";
import type { SuggestionComment } from "../../../../src/review/ports-commits.js";
import { BOT, HEAD_SHA, OLD_SHA, UTIL, bytesOf, hunkUpTo, suggestion, textOf } from "./helpers.js";

const FIXED_LOOP = "  for (let i = 0; i < items.length; i++) sum += items[i];";

/** Text contents as the bytes `apply` reads, and the plan's files as text again (UTF-8 here). */
function plan(
  comments: SuggestionComment[],
  contents: Record<string, string | null> = { "src/util.ts": UTIL },
) {
  const result = planApply({
    comments,
    botLogin: BOT,
    headSha: HEAD_SHA,
    headContents: bytesOf(contents),
  });
  return { ...result, files: result.files.map((f) => ({ path: f.path, content: textOf(f.bytes) })) };
}

describe("planApply", () => {
  it("applies one suggestion and lists it", () => {
    const c = suggestion(UTIL, 3, 3, [FIXED_LOOP]);
    const result = plan([c]);
    expect(result.files).toEqual([{ path: "src/util.ts", content: UTIL.replace(/ <= items/, " < items") }]);
    expect(result.applied).toEqual([
      { commentId: c.id, path: "src/util.ts", startLine: 3, endLine: 3, title: "Fix the bound" },
    ]);
    expect(result.skipped).toEqual([]);
  });

  it("keeps CRLF line endings and a missing final newline", () => {
    const crlf = "a\r\nb\r\nc";
    const c = suggestion(crlf, 2, 3, ["B", "C", "D"]);
    expect(plan([c], { "src/util.ts": crlf }).files).toEqual([
      { path: "src/util.ts", content: "a\r\nB\r\nC\r\nD" },
    ]);
  });

  it("replaces a multi-line range, and deletes it with an empty block", () => {
    const replace = suggestion(UTIL, 2, 4, ["  return items.reduce((a, b) => a + b, 0);"]);
    const remove = suggestion(UTIL, 6, 6, []);
    const result = plan([replace, remove]);
    expect(result.files[0]?.content).toBe(
      [
        "export function total(items: number[]): number {",
        "  return items.reduce((a, b) => a + b, 0);",
        "}",
        "export function label(n: number): string {",
        '  return "n=" + n;',
        "}",
        "",
      ].join("\n"),
    );
    expect(result.applied.map((a) => [a.startLine, a.endLine])).toEqual([
      [2, 4],
      [6, 6],
    ]);
  });

  it("applies suggestions on several files in one plan", () => {
    const other = "x = 1\ny = 2\n";
    const a = suggestion(UTIL, 3, 3, [FIXED_LOOP]);
    const b = suggestion(other, 2, 2, ["y = 3"], { path: "conf/values.txt" });
    const result = plan([a, b], { "src/util.ts": UTIL, "conf/values.txt": other });
    expect(result.files.map((f) => f.path)).toEqual(["conf/values.txt", "src/util.ts"]);
    expect(result.files[0]?.content).toBe("x = 1\ny = 3\n");
  });

  it("ignores comments by others and bot comments without a suggestion block", () => {
    const human = suggestion(UTIL, 3, 3, [FIXED_LOOP], { author: "mona" });
    const prose = { ...suggestion(UTIL, 3, 3, []), body: "**[P2]** Just a note." };
    const deleted = suggestion(UTIL, 3, 3, [FIXED_LOOP], { author: null });
    expect(plan([human, prose, deleted])).toEqual({ files: [], applied: [], skipped: [] });
  });

  it.each<[string, Partial<SuggestionComment>, string]>([
    ["an outdated thread", { line: null }, "outdated: its lines changed after it was posted"],
    [
      "a comment on removed lines",
      { side: "LEFT" },
      "it is on removed lines, where GitHub takes no suggestion",
    ],
    [
      "a hunk that does not show the range",
      { diffHunk: "@@ -1,1 +1,1 @@\n x" },
      "its diff hunk does not show the commented lines",
    ],
    ["a range that changed length", { originalStartLine: 2 }, "outdated: the commented range changed"],
  ])("skips %s", (_name, overrides, reason) => {
    const c = suggestion(UTIL, 3, 3, [FIXED_LOOP], overrides);
    expect(plan([c])).toEqual({
      files: [],
      applied: [],
      skipped: [{ commentId: c.id, path: "src/util.ts", reason }],
    });
  });

  it("skips a body with two suggestion blocks", () => {
    const c = suggestion(UTIL, 3, 3, [FIXED_LOOP]);
    c.body += "\n\n```suggestion\nx\n```";
    expect(plan([c]).skipped).toEqual([
      { commentId: c.id, path: "src/util.ts", reason: "its suggestion block cannot be read" },
    ]);
  });

  it("reads a longer fence whose content holds a shorter one", () => {
    const c = suggestion(UTIL, 8, 8, []);
    c.body = "**[P3]** Use a template\n\n````suggestion\n  return `n=${n}`; // ```\n````";
    expect(plan([c]).files[0]?.content).toContain("  return `n=${n}`; // ```\n}");
  });

  it("applies a suggestion from an older commit whose lines did not change", () => {
    const c = suggestion(UTIL, 3, 3, [FIXED_LOOP], { commitId: OLD_SHA, originalCommitId: OLD_SHA });
    expect(plan([c]).applied).toHaveLength(1);
  });

  it("skips a suggestion whose lines changed on the head since it was posted", () => {
    const before = UTIL.replace("i <= items", "j <= items");
    const c = suggestion(before, 3, 3, [FIXED_LOOP], { commitId: OLD_SHA, originalCommitId: OLD_SHA });
    expect(plan([c]).skipped).toEqual([
      {
        commentId: c.id,
        path: "src/util.ts",
        reason: "the file at the head no longer holds the quoted lines",
      },
    ]);
  });

  it("applies the newer of two overlapping suggestions", () => {
    const older = suggestion(UTIL, 2, 3, ["  let sum = 0;", FIXED_LOOP], {
      createdAt: "2026-01-05T10:00:00Z",
    });
    const newer = suggestion(UTIL, 3, 3, ["  for (const item of items) sum += item;"], {
      createdAt: "2026-01-05T11:00:00Z",
      inReplyToId: older.id,
    });
    const result = plan([older, newer]);
    expect(result.applied.map((a) => a.commentId)).toEqual([newer.id]);
    expect(result.skipped).toEqual([
      {
        commentId: older.id,
        path: "src/util.ts",
        reason: `superseded by a newer suggestion on the same lines (comment ${newer.id})`,
      },
    ]);
    expect(result.files[0]?.content).toContain("for (const item of items)");
  });

  it("applies non-overlapping suggestions of one file at their own head lines", () => {
    const top = suggestion(UTIL, 2, 2, ["  let sum = 0;", "  // counts every item once"]);
    const bottom = suggestion(UTIL, 8, 8, ["  return `n=${n}`;"]);
    const content = plan([top, bottom]).files[0]?.content ?? "";
    expect(content.split("\n")).toEqual([
      "export function total(items: number[]): number {",
      "  let sum = 0;",
      "  // counts every item once",
      "  for (let i = 0; i <= items.length; i++) sum += items[i];",
      "  return sum;",
      "}",
      "",
      "export function label(n: number): string {",
      "  return `n=${n}`;",
      "}",
      "",
    ]);
  });

  it("skips what is already applied, what changes nothing, and what is excluded", () => {
    const fixed = UTIL.replace(" <= items", " < items");
    const done = suggestion(UTIL, 3, 3, [FIXED_LOOP]);
    const noop = suggestion(fixed, 8, 8, ['  return "n=" + n;']);
    const ignored = suggestion(fixed, 2, 2, ["  let sum: number = 0;"]);
    const result = planApply({
      comments: [done, noop, ignored],
      botLogin: BOT,
      headSha: HEAD_SHA,
      headContents: bytesOf({ "src/util.ts": fixed }),
      excluded: new Map([[ignored.id, "dismissed with ignore"]]),
    });
    expect(result.files).toEqual([]);
    expect(result.skipped).toEqual([
      { commentId: done.id, path: "src/util.ts", reason: "already applied" },
      { commentId: noop.id, path: "src/util.ts", reason: "it changes nothing" },
      { commentId: ignored.id, path: "src/util.ts", reason: "dismissed with ignore" },
    ]);
  });

  it("skips a suggestion that would break a file that parses", () => {
    const json = '{\n  "a": 1,\n  "b": 2\n}\n';
    const c = suggestion(json, 2, 2, ['  "a": 1']);
    const result = plan([{ ...c, path: "config.json" }], { "config.json": json });
    expect(result.skipped).toEqual([
      { commentId: c.id, path: "config.json", reason: "the file would no longer parse with this change" },
    ]);
  });

  it("skips a suggestion on a file it could not read", () => {
    const c = suggestion(UTIL, 3, 3, [FIXED_LOOP]);
    expect(plan([c], { "src/util.ts": null }).skipped).toEqual([
      { commentId: c.id, path: "src/util.ts", reason: "the file could not be read at the head" },
    ]);
  });
});

describe("pathsToRead", () => {
  it("names the files of the bot's live suggestions, once each", () => {
    const comments = [
      suggestion(UTIL, 3, 3, ["x"]),
      suggestion(UTIL, 8, 8, ["y"]),
      suggestion(UTIL, 3, 3, ["x"], { path: "b.ts", line: null }),
      suggestion(UTIL, 3, 3, ["x"], { path: "c.ts", author: "mona" }),
      suggestion(UTIL, 3, 3, ["x"], { path: "a.ts", author: "Codex-Spark[bot]" }),
    ];
    expect(pathsToRead(comments, BOT)).toEqual(["a.ts", "src/util.ts"]);
  });

  it("builds diff hunks the way the helper promises", () => {
    expect(hunkUpTo("a\nb\nc\n", 2)).toBe("@@ -1,2 +1,2 @@\n a\n b");
  });
});
