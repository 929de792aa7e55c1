import { describe, expect, it } from "vitest";
import { rightTexts } from "../../../../src/review/diff/index.js";
import { placeFindings } from "../../../../src/review/findings/place.js";
import type { Finding } from "../../../../src/review/findings/schema.js";
import { renderReview } from "../../../../src/review/render/review.js";
import { fileLines, finding, githubProblems, loadAll, placeInputs, type DiffFixture } from "../fixtures.js";

/**
 * The model cites lines imprecisely and retypes whitespace. For every 1–3 line window of every hunk
 * in the fixtures, the finding is perturbed (cited lines shifted by ±1..±5, whitespace of the quote
 * altered) and placed: each must land on exactly the true lines or go to the body, never elsewhere.
 *
 * One case cannot be told apart and is allowed: a perturbation that cites other lines holding
 * exactly the quoted text is, to any placer, a correct finding about those lines.
 */

const SHIFTS = [0, -1, 1, -2, 2, -3, 3, -4, 4, -5, 5];

const WHITESPACE: Array<[string, (line: string) => string]> = [
  ["as is", (l) => l],
  ["dedented", (l) => l.trimStart()],
  ["indented more", (l) => (l.trim() === "" ? l : `  ${l}`)],
  ["tabs and spaces swapped", (l) => l.replace(/^\t/, "    ").replace(/^ {4}/, "\t")],
  ["trailing spaces", (l) => `${l}  `],
  ["inner space doubled", (l) => l.replace(/(\S) (\S)/, "$1  $2")],
];

interface Case {
  fixture: DiffFixture;
  trueStart: number;
  trueEnd: number;
  finding: Finding;
}

function windows(fixture: DiffFixture): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const hunk of fixture.patch.hunks) {
    for (const line of hunk.right) {
      const start = line.newLine as number;
      for (let length = 1; length <= 3; length++) {
        const end = start + length - 1;
        const texts = rightTexts(fixture.patch, start, end);
        if (texts && texts.some((t) => t.trim() !== "")) out.push([start, end]);
      }
    }
  }
  return out;
}

function cases(fixture: DiffFixture): Case[] {
  const head = fileLines(fixture.head ?? "");
  const out: Case[] = [];
  let n = 0;
  for (const [start, end] of windows(fixture)) {
    const lines = head.slice(start - 1, end);
    for (const [label, alter] of WHITESPACE) {
      for (const shift of SHIFTS) {
        // Every fifth case offers a fix, so verified suggestions are exercised under perturbation too.
        const suggestion = n++ % 5 === 0 ? [...lines, lines[0] ?? ""].join("\n") : null;
        out.push({
          fixture,
          trueStart: start,
          trueEnd: end,
          finding: finding({
            title: `${label} ${shift} @${start}-${end}`,
            path: fixture.patch.path,
            // A shifted range keeps its length, even where it is clamped at line 1.
            start_line: Math.max(1, start + shift),
            end_line: Math.max(1, start + shift) + end - start,
            original_code: lines.map(alter).join("\n"),
            suggestion,
          }),
        });
      }
    }
  }
  return out;
}

function indistinguishable(c: Case, placedStart: number): boolean {
  const quote = c.finding.original_code.split("\n");
  return (
    placedStart === c.finding.start_line &&
    rightTexts(c.fixture.patch, placedStart, placedStart + quote.length - 1)?.join("\n") ===
      c.finding.original_code
  );
}

describe("perturbed findings are placed exactly right or sent to the body", () => {
  const fixtures = loadAll().filter((f) => f.patch.hunks.some((h) => h.newLines > 0));
  const inputs = placeInputs(fixtures);

  it.each(fixtures.map((f) => [f.name, f] as const))("%s", (_name, fixture) => {
    const all = cases(fixture);
    const result = placeFindings({
      findings: all.map((c) => c.finding),
      ...inputs,
      options: { maxVerifiedSuggestions: Number.POSITIVE_INFINITY },
    });
    const byFinding = new Map(all.map((c) => [c.finding, c]));

    const wrong: string[] = [];
    let exact = 0;
    let excused = 0;
    for (const p of result.placed) {
      const c = byFinding.get(p.finding) as Case;
      if (p.startLine === c.trueStart && p.endLine === c.trueEnd) exact++;
      else if (indistinguishable(c, p.startLine)) excused++;
      else
        wrong.push(
          `${c.finding.title}: true ${c.trueStart}-${c.trueEnd}, placed ${p.startLine}-${p.endLine}`,
        );
    }
    expect(wrong).toEqual([]);
    expect(result.placed.length + result.unplaced.length).toBe(all.length);
    // Not vacuous: most perturbations are recovered.
    expect(exact / all.length).toBeGreaterThan(0.5);
    expect(excused / all.length).toBeLessThan(0.1);

    // A committable suggestion is only ever offered where the finding was placed rightly.
    for (const p of result.placed) {
      const c = byFinding.get(p.finding) as Case;
      if (p.fix.kind !== "suggestion" || indistinguishable(c, p.startLine)) continue;
      expect([p.startLine, p.endLine]).toEqual([c.trueStart, c.trueEnd]);
    }

    // GitHub would accept every comment of the review these findings make.
    const { comments } = renderReview({
      placed: result.placed,
      unplaced: result.unplaced,
      overall: {
        overall_correctness: "patch is correct",
        overall_explanation: "",
        overall_confidence_score: 1,
      },
      notReviewed: [],
      options: { marker: "<!-- m -->", maxInlineComments: 100_000 },
    });
    expect(comments.flatMap((comment) => githubProblems(comment, inputs.patches))).toEqual([]);
  });
});
