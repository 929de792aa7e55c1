/**
 * Output tokens per finding, before and after the lean quote, on the same findings: what the model
 * writes is what a review waits for (at 1,000 tokens/s, 100 tokens are 0.1 s). Tokens are counted
 * as the fake model counts them (4 characters each); a real tokenizer gives other numbers, close
 * ratios. "Before" quotes every line of a range; "after" quotes only the first and last line of a
 * range longer than three lines without a suggestion, as the instructions now ask.
 */
import { rightTexts } from "../src/review/diff/index.js";
import { placeFindings } from "../src/review/findings/place.js";
import type { Finding } from "../src/review/findings/schema.js";
import { tokenize } from "../test/fakes/model/writer.js";
import { loadAll, type DiffFixture } from "../test/unit/review/fixtures.js";

interface Row {
  set: string;
  findings: number;
  before: number;
  after: number;
  placedSame: boolean;
}

/** The lean rule of the instructions: ranges of more than 3 lines, no fix, code at both ends. */
function lean(finding: Finding): Finding {
  const lines = finding.original_code.split("\n");
  const ends = [lines[0] ?? "", lines[lines.length - 1] ?? ""];
  if (finding.suggestion !== null || lines.length <= 3 || ends.some((l) => l.trim() === "")) return finding;
  return { ...finding, original_code: [lines[0], lines[lines.length - 1]].join("\n") };
}

const tokensOf = (findings: readonly Finding[]): number =>
  findings.reduce((sum, f) => sum + tokenize(JSON.stringify(f)).length, 0) / Math.max(1, findings.length);

/**
 * Realistic findings on the diff fixtures: per fixture, a one-line finding with a one-line fix, a
 * three-line one with a fix, and a finding about a block of up to eight lines without one, with
 * bodies of two sentences.
 */
function fixtureFindings(fixture: DiffFixture): Finding[] {
  const out: Finding[] = [];
  for (const hunk of fixture.patch.hunks.filter((h) => h.newLines >= 3)) {
    const start = hunk.newStart;
    const block = Math.min(8, hunk.newLines);
    const make = (length: number, fix: boolean, title: string): Finding | null => {
      const texts = rightTexts(fixture.patch, start, start + length - 1);
      if (!texts) return null;
      return {
        title,
        body: "This path is reached when the input is empty, and then the result is undefined. Guard it before use.",
        priority: 2,
        confidence_score: 0.7,
        path: fixture.patch.path,
        start_line: start,
        end_line: start + length - 1,
        original_code: texts.join("\n"),
        suggestion: fix ? texts.map((t, i) => (i === 0 ? `${t} // guarded` : t)).join("\n") : null,
        deletes_lines: false,
      };
    };
    for (const f of [
      make(1, true, "Guard the empty input"),
      make(3, true, "Check the result before use"),
      make(block, false, "This block ignores failures"),
    ])
      if (f) out.push(f);
    if (out.length >= 30) break;
  }
  return out;
}

/** Both forms must place the same way: the lean one is only worth having if nothing moves. */
function placedTheSame(fixtures: readonly DiffFixture[], before: Finding[], after: Finding[]): boolean {
  const patches = new Map(fixtures.map((f) => [f.patch.path, f.patch]));
  const headContents = new Map(fixtures.map((f) => [f.patch.path, f.head]));
  const place = (findings: Finding[]) =>
    placeFindings({
      findings,
      patches,
      headContents,
      options: { maxVerifiedSuggestions: Infinity },
    }).placed.map((p) => `${p.path}:${p.startLine}-${p.endLine}:${p.fix.kind}:${p.original.join("\n")}`);
  return JSON.stringify(place(before)) === JSON.stringify(place(after));
}

export function measureOutput(benchFindings: Finding[]): Row[] {
  const fixtures = loadAll();
  const onFixtures = fixtures.flatMap(fixtureFindings);
  const blocks = onFixtures.filter((f) => f.suggestion === null);
  const sets: Array<[string, Finding[]]> = [
    ["diff fixtures, all findings", onFixtures],
    ["diff fixtures, blocks without a fix", blocks],
    ["bench PRs (one per file)", benchFindings],
  ];
  return sets.map(([set, findings]) => {
    const after = findings.map(lean);
    return {
      set,
      findings: findings.length,
      before: tokensOf(findings),
      after: tokensOf(after),
      placedSame: set.startsWith("diff") ? placedTheSame(fixtures, findings, after) : true,
    };
  });
}

export function printOutputTable(rows: readonly Row[]): void {
  console.log("\noutput tokens per finding (fake model's count: 4 characters per token)");
  const header = ["findings", "n", "before", "after", "after/before", "placed the same"];
  const cells = rows.map((r) => [
    r.set,
    String(r.findings),
    r.before.toFixed(1),
    r.after.toFixed(1),
    (r.after / r.before).toFixed(2),
    r.placedSame ? "yes" : "NO",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? "").length)));
  const line = (c: string[]) =>
    c.map((x, i) => (i === 0 ? x.padEnd(widths[i] ?? 0) : x.padStart(widths[i] ?? 0))).join("  ");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const c of cells) console.log(line(c));
}
