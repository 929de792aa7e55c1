import { describe, expect, it } from "vitest";
import { parseChangedFile, type FilePatch } from "../../../../src/review/diff/index.js";
import { planReview, splitIntoLanes } from "../../../../src/review/plan/index.js";
import { expectedFindings } from "../../../../src/review/plan/lanes.js";

/** A source file whose diff adds `lines` lines (about 25 estimated tokens each). */
function file(path: string, lines = 10): FilePatch {
  const added = Array.from({ length: lines }, (_, i) => `+export const v${i} = compute(${i}); // realistic`);
  return parseChangedFile({
    path,
    previousPath: null,
    status: "modified",
    patch: [`@@ -1,1 +1,${lines + 1} @@`, " // head", ...added].join("\n"),
    additions: lines,
    deletions: 0,
    changes: lines,
  });
}

const files = (n: number, lines = 10): FilePatch[] =>
  Array.from({ length: n }, (_, i) => file(`src/m${String(i).padStart(3, "0")}.ts`, lines));
const sizes = (lanes: FilePatch[][]): number[] => lanes.map((c) => c.length);

describe("planReview: lanes sized by expected output", () => {
  it("keeps a one-file pull request in one request", () => {
    expect(sizes(planReview(files(1)).lanes)).toEqual([1]);
  });

  it("gives a file of ordinary size a lane of its own, in the planner's order", () => {
    // 20 changed lines: two thirds of a finding expected, so two would pass one finding.
    const plan = planReview(files(20, 20), { maxLanes: 32 });
    expect(sizes(plan.lanes)).toEqual(Array.from({ length: 20 }, () => 1));
    expect(plan.lanes.flat().map((p) => p.path)).toEqual(files(20).map((p) => p.path));
    expect(plan.laneTokens).toHaveLength(20);
  });

  it("lets small files share a lane up to one expected finding", () => {
    // 4 changed lines each: the floor of a quarter finding, so four share a lane.
    expect(sizes(planReview(files(8, 4)).lanes)).toEqual([4, 4]);
    expect(sizes(planReview(files(6, 10)).lanes)).toEqual([3, 3]);
  });

  it("spreads a pull request larger than the lanes that can run at once evenly over them", () => {
    const plan = planReview(files(100, 20), { maxLanes: 32 });
    expect(plan.lanes.length).toBeLessThanOrEqual(32);
    // The slowest lane is as short as 32 lanes allow: ceil(100 / 32) files.
    expect(Math.max(...sizes(plan.lanes))).toBe(4);
    expect(plan.lanes.flat()).toHaveLength(100);
    expect(plan.notReviewed).toEqual([]);
  });

  it("closes a lane at its token cap, so a large file gets a lane of its own", () => {
    const big = file("src/big.ts", 200);
    const plan = planReview([big, ...files(3, 4)], { lanes: { maxFiles: 4, maxTokens: 3_000 } });
    expect(plan.lanes.map((c) => c.map((p) => p.path))).toEqual([
      ["src/big.ts"],
      ["src/m000.ts", "src/m001.ts", "src/m002.ts"],
    ]);
  });

  it("reviews file by file, one request each, with a one-file lane policy", () => {
    const plan = planReview(files(20, 2), { lanes: { maxFiles: 1 }, maxLanes: 200 });
    expect(sizes(plan.lanes)).toEqual(Array.from({ length: 20 }, () => 1));
  });

  it("sends as few requests as the context allows without a lane policy", () => {
    expect(sizes(planReview(files(20), { lanes: null }).lanes)).toEqual([20]);
  });
});

describe("expectedFindings", () => {
  it("counts changed lines, with a floor for the smallest change", () => {
    expect(expectedFindings(file("a.ts", 60))).toBe(2);
    expect(expectedFindings(file("a.ts", 1))).toBe(0.25);
  });
});

describe("splitIntoLanes", () => {
  const sized = (tokens: number[]) => tokens.map((t, i) => ({ patch: file(`f${i}.ts`), tokens: t }));

  it("never puts more tokens in a lane than one request can carry", () => {
    // Each item of 10 changed lines: lanes are limited by tokens here, not by findings.
    const lanes = splitIntoLanes(
      sized([900, 900, 900, 900]),
      { maxFiles: 10, maxTokens: 500 },
      {
        maxLanes: 2,
        budget: 2_000,
      },
    );
    expect(lanes?.map((lane) => lane.reduce((sum, item) => sum + item.tokens, 0))).toEqual([1_800, 1_800]);
  });

  it("gives up (the caller keeps context-sized requests) when no split fits the lane limit", () => {
    expect(splitIntoLanes(sized([900, 900, 900]), {}, { maxLanes: 2, budget: 1_000 })).toBeNull();
  });

  it("answers nothing with no lanes", () => {
    expect(splitIntoLanes([], {}, { maxLanes: 4, budget: 1_000 })).toEqual([]);
  });
});
