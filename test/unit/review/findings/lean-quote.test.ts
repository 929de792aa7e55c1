import { describe, expect, it } from "vitest";
import { rightTexts } from "../../../../src/review/diff/index.js";
import { placeFindings } from "../../../../src/review/findings/place.js";
import type { Finding } from "../../../../src/review/findings/schema.js";
import {
  fileLines,
  finding,
  headLine,
  loadAll,
  loadFixture,
  placeInputs,
  type DiffFixture,
} from "../fixtures.js";

/**
 * The lean quote: a range of more than three lines without a suggestion is quoted by its first and
 * last line. Placement must keep every guarantee it gives a full quote: a finding lands on exactly
 * its lines or goes to the body, and a suggestion is committable only when every line it replaces
 * was quoted.
 */

const ts = loadFixture("ts-rate-limiter");
const inputs = placeInputs(loadAll());

function place(findings: Finding[]) {
  return placeFindings({ findings, ...inputs, options: { maxVerifiedSuggestions: Infinity } });
}

function ends(lines: readonly string[]): string {
  return [lines[0], lines[lines.length - 1]].join("\n");
}

/** Every 4–8 line window of a hunk's head side whose ends are not blank. */
function windows(fixture: DiffFixture): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const hunk of fixture.patch.hunks) {
    for (const line of hunk.right) {
      const start = line.newLine as number;
      for (let length = 4; length <= 8; length++) {
        const texts = rightTexts(fixture.patch, start, start + length - 1);
        if (texts && texts[0]?.trim() && texts[length - 1]?.trim()) out.push([start, start + length - 1]);
      }
    }
  }
  return out;
}

describe("a range quoted by its first and last line", () => {
  it("is placed exactly where the full quote is placed, with every line of the range", () => {
    const start = headLine(ts, "    let dropped = 0;");
    const full = fileLines(ts.head ?? "").slice(start - 1, start + 5);
    const [lean, whole] = place([
      finding({
        title: "lean",
        path: ts.patch.path,
        start_line: start,
        end_line: start + 5,
        original_code: ends(full),
      }),
      finding({
        title: "full",
        path: ts.patch.path,
        start_line: start,
        end_line: start + 5,
        original_code: full.join("\n"),
      }),
    ]).placed;
    expect(lean).toMatchObject({ startLine: start, endLine: start + 5, anchor: "exact", original: full });
    expect(whole).toMatchObject({ startLine: lean?.startLine, endLine: lean?.endLine, original: full });
  });

  it("offers no committable suggestion: the lines it replaces were not all quoted", () => {
    const start = headLine(ts, "    let dropped = 0;");
    const full = fileLines(ts.head ?? "").slice(start - 1, start + 3);
    const [placed] = place([
      finding({
        path: ts.patch.path,
        start_line: start,
        end_line: start + 3,
        original_code: ends(full),
        suggestion: full.join("\n").replace("let dropped", "let removed"),
      }),
    ]).placed;
    expect(placed?.fix).toMatchObject({
      kind: "diff",
      reason: "the finding quoted only the first and last line of the range it replaces",
    });
  });

  it("goes to the body when its ends are not the ends of a shown range", () => {
    const start = headLine(ts, "    let dropped = 0;");
    const result = place([
      finding({
        path: ts.patch.path,
        start_line: start,
        end_line: start + 4,
        original_code: "    let dropped = 0;\n    return nothing;",
      }),
    ]);
    expect(result.placed).toEqual([]);
    expect(result.unplaced[0]?.code).toBe("quote_not_found");
  });

  it("still places a two-line quote of the range's first two lines on those two lines", () => {
    const start = headLine(ts, "    let dropped = 0;");
    const two = fileLines(ts.head ?? "").slice(start - 1, start + 1);
    const [placed] = place([
      finding({ path: ts.patch.path, start_line: start, end_line: start + 5, original_code: two.join("\n") }),
    ]).placed;
    expect(placed).toMatchObject({ startLine: start, endLine: start + 1, original: two });
  });
});

describe("perturbed lean quotes land exactly right or go to the body", () => {
  const fixtures = loadAll().filter((f) => f.patch.hunks.some((h) => h.newLines >= 4));

  it.each(fixtures.map((f) => [f.name, f] as const))("%s", (_name, fixture) => {
    const head = fileLines(fixture.head ?? "");
    const cases: Array<{ finding: Finding; start: number; end: number }> = [];
    for (const [start, end] of windows(fixture)) {
      const lines = head.slice(start - 1, end);
      for (const shift of [0, -1, 1, -3, 3, -6, 6]) {
        for (const [k, alter] of [
          (l: string) => l,
          (l: string) => l.trimStart(),
          (l: string) => `${l}  `,
        ].entries()) {
          const cited = Math.max(1, start + shift);
          cases.push({
            start,
            end,
            finding: finding({
              title: `${start}-${end} ${shift} ${k}`,
              path: fixture.patch.path,
              start_line: cited,
              end_line: cited + end - start,
              original_code: [alter(lines[0] ?? ""), alter(lines[lines.length - 1] ?? "")].join("\n"),
            }),
          });
        }
      }
    }
    const result = place(cases.map((c) => c.finding));
    const byFinding = new Map(cases.map((c) => [c.finding, c]));
    const wrong: string[] = [];
    let exact = 0;
    let excused = 0;
    for (const p of result.placed) {
      const c = byFinding.get(p.finding);
      if (!c) continue;
      if (p.startLine === c.start && p.endLine === c.end) exact++;
      else {
        // Excused only when placed at the cite, on lines that begin and end with exactly the quote:
        // to any placer, a correct finding about those lines.
        const texts = rightTexts(fixture.patch, p.startLine, p.endLine);
        const quoted = p.finding.original_code.split("\n");
        const same =
          p.startLine === p.finding.start_line && texts?.[0] === quoted[0] && texts?.at(-1) === quoted[1];
        if (same) excused++;
        else wrong.push(`${p.finding.title}: placed ${p.startLine}-${p.endLine}`);
      }
      // The range posted holds the diff's own lines, inside one hunk.
      expect(rightTexts(fixture.patch, p.startLine, p.endLine)).toEqual(p.original);
    }
    expect(wrong).toEqual([]);
    expect(result.placed.length + result.unplaced.length).toBe(cases.length);
    expect(exact / cases.length).toBeGreaterThan(0.5);
    expect(excused / cases.length).toBeLessThan(0.05);
  });
});
