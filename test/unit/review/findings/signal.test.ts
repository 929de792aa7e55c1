import { describe, expect, it } from "vitest";
import { parseChangedFile } from "../../../../src/review/diff/index.js";
import type { Finding } from "../../../../src/review/findings/schema.js";
import { applySignalRules, changedHeadLines } from "../../../../src/review/findings/signal.js";
import { finding as base } from "../fixtures.js";

const at = (line: number, extra: Partial<Finding> = {}): Finding =>
  base({ path: "a.ts", start_line: line, end_line: line, original_code: "x", ...extra });

describe("changedHeadLines", () => {
  it("names the added lines and the line after a removal", () => {
    const patch = parseChangedFile({
      path: "a.ts",
      previousPath: null,
      status: "modified",
      patch: "@@ -1,5 +1,4 @@\n one\n-two\n three\n four\n-five\n+FIVE",
      additions: 1,
      deletions: 2,
      changes: 3,
    });
    expect([...(changedHeadLines([patch]).get("a.ts") ?? [])].sort()).toEqual([2, 4]);
  });
});

describe("applySignalRules", () => {
  it("drops findings below the confidence floor, whatever their priority", () => {
    const result = applySignalRules([at(1, { priority: 0, confidence_score: 0.49 }), at(2)], {
      minConfidence: 0.5,
      changedLines: null,
    });
    expect(result.kept.map((f) => f.start_line)).toEqual([2]);
    expect(result.leftOut).toEqual([
      { finding: expect.objectContaining({ start_line: 1 }), reason: "low-confidence" },
    ]);
  });

  it("on a later pass, holds unchanged code to P0/P1 and lets anything through on changed lines", () => {
    const changedLines = new Map([["a.ts", new Set([5])]]);
    const findings = [
      at(5, { priority: 3 }),
      at(9, { priority: 1 }),
      at(9, { priority: 2 }),
      at(9, { priority: null }),
      base({ path: "a.ts", start_line: 3, end_line: 6, original_code: "x", priority: 2 }),
      base({ path: "b.ts", start_line: 5, end_line: 5, original_code: "x", priority: 2 }),
    ];
    const result = applySignalRules(findings, { minConfidence: 0, changedLines });
    expect(result.kept).toEqual([findings[0], findings[1], findings[4]]);
    expect(result.leftOut.map((l) => l.reason)).toEqual([
      "unchanged-code",
      "unchanged-code",
      "unchanged-code",
    ]);
  });
});
