import { describe, expect, it } from "vitest";
import { placeFindings } from "../../../../src/review/findings/place.js";
import type { Finding } from "../../../../src/review/findings/schema.js";
import { finding, headLine, loadFixture, placeInputs } from "../fixtures.js";

const ts = loadFixture("ts-rate-limiter");
const go = loadFixture("go-tabs");
const rust = loadFixture("rust-renamed");
const deleted = loadFixture("rb-deleted");
const inputs = placeInputs([ts, go, rust, deleted]);
const binary = { ...ts.patch, path: "assets/logo.png", hunks: [], missing: "binary_or_too_large" as const };
inputs.patches.set(binary.path, binary);

function place(f: Finding) {
  return placeFindings({ findings: [f], ...inputs, options: {} });
}

const CEIL = "    return Math.ceil(missing / this.options.refillPerSecond * 1000);";
const ceilLine = headLine(ts, CEIL);
const SWEEP = ["    let dropped = 0;", "    for (const [key, bucket] of this.buckets) {"];
const sweepLine = headLine(ts, SWEEP[0] as string);

describe("placeFindings: where a finding goes", () => {
  it.each([
    ["the cited lines hold the quote", ceilLine, CEIL, "exact", ceilLine],
    ["the cite is 4 lines early", ceilLine - 4, CEIL, "moved", ceilLine],
    ["the cite is far off but the quote is unique", 2, CEIL, "moved", ceilLine],
    ["the quote lost its indentation", ceilLine, CEIL.trim(), "whitespace", ceilLine],
    [
      "the quote has tabs for spaces and a trailing blank",
      ceilLine + 1,
      `\t${CEIL.trim()}  `,
      "moved",
      ceilLine,
    ],
    ["a two-line quote cited at its start", sweepLine, SWEEP.join("\n"), "exact", sweepLine],
    ["a two-line quote with a trailing newline", sweepLine, `${SWEEP.join("\n")}\n`, "exact", sweepLine],
  ])("places it when %s", (_label, cited, quote, anchor, start) => {
    const lines = quote.replace(/\n$/, "").split("\n").length;
    const result = place(
      finding({ path: ts.patch.path, start_line: cited, end_line: cited + lines - 1, original_code: quote }),
    );
    expect(result.unplaced).toEqual([]);
    expect(result.placed[0]).toMatchObject({
      path: ts.patch.path,
      startLine: start,
      endLine: start + lines - 1,
      anchor,
    });
  });

  it("keeps the exact cite even when the same text occurs elsewhere", () => {
    const at = headLine(go, '\t\treturn fmt.Errorf("rename user %d: empty name", id)') + 3;
    const result = place(
      finding({
        path: go.patch.path,
        start_line: at,
        end_line: at + 1,
        original_code: "\tif err != nil {\n\t\treturn err",
      }),
    );
    expect(result.placed[0]).toMatchObject({ startLine: at, endLine: at + 1, anchor: "exact" });
  });

  it.each([
    [
      "the quote repeats near the cite and the cite is off",
      { path: go.patch.path, start_line: 45, end_line: 46, original_code: "\t\treturn err\n\t}" },
      "ambiguous_quote",
    ],
    [
      "the quote is only in the base",
      {
        path: ts.patch.path,
        start_line: 24,
        end_line: 24,
        original_code: "    private readonly now: () => number = Date.now,",
      },
      "quote_not_found",
    ],
    [
      "the quote runs out of its hunk",
      {
        path: ts.patch.path,
        start_line: 11,
        end_line: 12,
        original_code: "interface Bucket {\n  tokens: number;",
      },
      "quote_not_found",
    ],
    [
      "the quote is a line the diff does not show",
      { path: ts.patch.path, start_line: 84, end_line: 84, original_code: "    return this.buckets.size;" },
      "quote_not_found",
    ],
    [
      "the quote is blank",
      { path: ts.patch.path, start_line: 3, end_line: 3, original_code: "  \n" },
      "empty_quote",
    ],
    [
      "the file is not in the PR",
      { path: "src/other.ts", start_line: 1, end_line: 1, original_code: "x" },
      "file_not_in_diff",
    ],
    [
      "the file is binary",
      { path: "assets/logo.png", start_line: 1, end_line: 1, original_code: "x" },
      "file_without_diff",
    ],
    [
      "the file was deleted",
      { path: deleted.patch.path, start_line: 4, end_line: 4, original_code: "class LegacyExport" },
      "quote_not_found",
    ],
  ])("refuses when %s", (_label, fields, code) => {
    const result = place(finding({ ...fields, suggestion: "x" }));
    expect(result.placed).toEqual([]);
    expect(result.unplaced[0]).toMatchObject({ code });
    expect(result.unplaced[0]?.reason).toMatch(/\w/);
    expect(result.unplaced[0]?.fix).toEqual({
      original: fields.original_code.replace(/\n$/, "").split("\n"),
      replacement: ["x"],
    });
  });

  it.each([
    ["a b/ prefix", `b/${rust.patch.path}`],
    ["a ./ prefix", `./${rust.patch.path}`],
    ["the path before the rename", "src/words.rs"],
  ])("finds the file under %s", (_label, path) => {
    const quote = "        if word.is_empty() {";
    const result = place(finding({ path, start_line: 8, end_line: 8, original_code: quote }));
    expect(result.placed[0]).toMatchObject({ path: rust.patch.path, startLine: 8, endLine: 8 });
  });

  it("places many findings independently and keeps their order", () => {
    const findings = [
      finding({
        path: ts.patch.path,
        start_line: ceilLine,
        end_line: ceilLine,
        original_code: CEIL,
        title: "one",
      }),
      finding({ path: "nope.ts", start_line: 1, end_line: 1, original_code: "x", title: "two" }),
      finding({
        path: ts.patch.path,
        start_line: sweepLine,
        end_line: sweepLine,
        original_code: SWEEP[0] as string,
        title: "three",
      }),
    ];
    const result = placeFindings({ findings, ...inputs, options: {} });
    expect(result.placed.map((p) => p.finding.title)).toEqual(["one", "three"]);
    expect(result.unplaced.map((u) => u.finding.title)).toEqual(["two"]);
  });

  it("places the same finding, reported twice, once", () => {
    const twice = finding({
      path: ts.patch.path,
      start_line: ceilLine,
      end_line: ceilLine,
      original_code: CEIL,
    });
    const moved = {
      ...twice,
      start_line: ceilLine - 3,
      end_line: ceilLine - 3,
      title: "handle the empty case ",
    };
    const result = placeFindings({ findings: [twice, moved], ...inputs, options: {} });
    expect(result.placed).toHaveLength(1);
    expect(result.unplaced).toEqual([]);
  });
});
