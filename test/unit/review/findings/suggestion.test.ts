import { describe, expect, it } from "vitest";
import { placeFindings } from "../../../../src/review/findings/place.js";
import type { Finding } from "../../../../src/review/findings/schema.js";
import type { PlacedFix } from "../../../../src/review/findings/types.js";
import { finding, headLine, loadFixture, placeInputs } from "../fixtures.js";

const ts = loadFixture("ts-rate-limiter");
const json = loadFixture("json-noeol");
const yaml = loadFixture("yaml-crlf");
const go = loadFixture("go-tabs");
const py = loadFixture("py-unicode");
const fixtures = [ts, json, yaml, go, py];

function fixOf(
  f: Finding,
  headContents?: Map<string, string | null>,
  maxSuggestionLines?: number,
): PlacedFix {
  const inputs = placeInputs(fixtures);
  const result = placeFindings({
    findings: [f],
    patches: inputs.patches,
    headContents: headContents ?? inputs.headContents,
    options: maxSuggestionLines === undefined ? {} : { maxSuggestionLines },
  });
  expect(result.unplaced).toEqual([]);
  return result.placed[0]!.fix;
}

const CEIL = "    return Math.ceil(missing / this.options.refillPerSecond * 1000);";
const ceil = headLine(ts, CEIL);
const onCeil = (suggestion: string | null, extra: Partial<Finding> = {}): Finding =>
  finding({
    path: ts.patch.path,
    start_line: ceil,
    end_line: ceil,
    original_code: CEIL,
    suggestion,
    ...extra,
  });

const SWEEP = ["    const idleMs = this.options.idleMs ?? 60_000;", "    let dropped = 0;"];
const sweep = headLine(ts, SWEEP[0] as string);
const onSweep = (suggestion: string | null, extra: Partial<Finding> = {}): Finding =>
  finding({
    path: ts.patch.path,
    start_line: sweep,
    end_line: sweep + 1,
    original_code: SWEEP.join("\n"),
    suggestion,
    ...extra,
  });

describe("suggestions: committable only when proven", () => {
  it("offers a verified replacement of the whole range", () => {
    const fix = fixOf(onCeil("    return Math.ceil((missing / this.options.refillPerSecond) * 1000);"));
    expect(fix).toEqual({
      kind: "suggestion",
      lines: ["    return Math.ceil((missing / this.options.refillPerSecond) * 1000);"],
    });
  });

  it.each([
    ["no suggestion", onCeil(null), { kind: "none", reason: null }],
    [
      "the current code",
      onCeil(`${CEIL}\n`),
      { kind: "none", reason: "the suggested code is the current code" },
    ],
  ])("shows nothing for %s", (_label, f, want) => {
    expect(fixOf(f)).toEqual(want);
  });

  it.each([
    ["a shorter replacement that does not say it deletes", onSweep("    let dropped = 0;"), /delete lines/],
    [
      "a replacement over the line cap",
      onCeil(Array.from({ length: 11 }, () => CEIL).join("\n")),
      /longer than 10 lines/,
    ],
    ["a cited range longer than the quote", onCeil("    return 0;", { end_line: ceil + 1 }), /disagree/],
    ["the trigger word", onCeil("    return 0; // ask @Codex"), /trigger word/],
    ["a change that breaks TypeScript", onCeil("    return Math.ceil(missing /;"), /no longer parse/],
    [
      "a quote that differs inside the line",
      onCeil("    return 1;", { original_code: CEIL.replace("missing /", "missing  /") }),
      /differs/,
    ],
  ])("falls back to a diff block for %s", (_label, f, reason) => {
    const fix = fixOf(f);
    expect(fix.kind).toBe("diff");
    expect(fix.kind === "diff" && fix.reason).toMatch(reason);
  });

  it("allows a shorter replacement, or none at all, when the finding says it deletes", () => {
    expect(fixOf(onSweep("    let dropped = 0;", { deletes_lines: true }))).toEqual({
      kind: "suggestion",
      lines: ["    let dropped = 0;"],
    });
    expect(fixOf(onSweep("", { deletes_lines: true }))).toEqual({ kind: "suggestion", lines: [] });
  });

  it("honours the configured line cap", () => {
    expect(fixOf(onSweep("    const a = 1;\n    const b = 2;"), undefined, 1).kind).toBe("diff");
  });

  it.each([
    ["the head content is unavailable", null, /could not be read/],
    ["the head moved on", (ts.head ?? "").replace(CEIL, "    return 0;"), /no longer holds/],
    ["the head is shorter than the range", "import x;\n", /past the end/],
  ])("does not offer a suggestion when %s", (_label, content, reason) => {
    const fix = fixOf(onCeil("    return 1;"), new Map([[ts.patch.path, content]]));
    expect(fix.kind).toBe("diff");
    expect(fix.kind === "diff" && fix.reason).toMatch(reason);
  });

  it("restores the indentation the model dropped from its quote and replacement", () => {
    const fix = fixOf(
      onSweep("const idleMs = this.options.idleMs ?? 30_000;\nlet dropped = 0;", {
        original_code: "const idleMs = this.options.idleMs ?? 60_000;\nlet dropped = 0;",
      }),
    );
    expect(fix).toEqual({
      kind: "suggestion",
      lines: ["    const idleMs = this.options.idleMs ?? 30_000;", "    let dropped = 0;"],
    });
  });

  it("restores indentation when only the replacement is flush left, keeping its relative indents", () => {
    const fix = fixOf(onSweep("const idleMs = this.options.idleMs ?? 30_000;\nlet dropped = 0;"));
    expect(fix).toEqual({
      kind: "suggestion",
      lines: ["    const idleMs = this.options.idleMs ?? 30_000;", "    let dropped = 0;"],
    });
  });

  it("keeps tabs in a tab-indented file", () => {
    const quote = '\t\treturn fmt.Errorf("rename user %d: empty name", id)';
    const at = headLine(go, quote);
    const fix = fixOf(
      finding({
        path: go.patch.path,
        start_line: at,
        end_line: at,
        original_code: quote,
        suggestion: '\t\treturn fmt.Errorf("rename user %d: %w", id, ErrEmptyName)',
      }),
    );
    expect(fix).toEqual({
      kind: "suggestion",
      lines: ['\t\treturn fmt.Errorf("rename user %d: %w", id, ErrEmptyName)'],
    });
  });

  it("keeps non-ASCII text intact", () => {
    const quote = "        return BIRTHDAY[customer.locale]";
    const at = headLine(py, quote);
    const fix = fixOf(
      finding({
        path: py.patch.path,
        start_line: at,
        end_line: at,
        original_code: quote,
        suggestion: '        return BIRTHDAY.get(customer.locale, "Joyeux anniversaire 🎂")',
      }),
    );
    expect(fix).toEqual({
      kind: "suggestion",
      lines: ['        return BIRTHDAY.get(customer.locale, "Joyeux anniversaire 🎂")'],
    });
  });

  it.each([
    ["JSON", json, '  "version": "1.5.0",', '  "version": "1.5.0"', /no longer parse/],
    ["JSON", json, '  "version": "1.5.0",', '  "version": "1.6.0",', null],
    ["YAML", yaml, "          node-version: 20", "          node-version: [20", /no longer parse/],
    ["YAML", yaml, "          node-version: 20", "          node-version: 22", null],
  ])("checks that %s still parses: %s → %s", (_lang, fixture, quote, suggestion, reason) => {
    const at = headLine(fixture, quote);
    const fix = fixOf(
      finding({ path: fixture.patch.path, start_line: at, end_line: at, original_code: quote, suggestion }),
    );
    if (reason === null) expect(fix).toEqual({ kind: "suggestion", lines: [suggestion] });
    else expect(fix.kind === "diff" && fix.reason).toMatch(reason);
  });

  it("verifies only the most important suggestions, up to the limit", () => {
    const findings = [
      onCeil("    return 1;", { priority: 2, title: "minor" }),
      onSweep("    const idleMs = 1;\n    let dropped = 0;", { priority: 0, title: "major" }),
      onCeil("    return 2;", { priority: 2, confidence_score: 0.9, title: "confident minor" }),
    ];
    const inputs = placeInputs(fixtures);
    const result = placeFindings({ findings, ...inputs, options: { maxVerifiedSuggestions: 2 } });
    const kinds = Object.fromEntries(result.placed.map((p) => [p.finding.title, p.fix.kind]));
    expect(kinds).toEqual({ major: "suggestion", "confident minor": "suggestion", minor: "diff" });
    const minor = result.placed.find((p) => p.finding.title === "minor")?.fix;
    expect(minor?.kind === "diff" && minor.reason).toMatch(/only the most important suggestions/);
  });
});
