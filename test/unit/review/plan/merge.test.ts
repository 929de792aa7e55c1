import { describe, expect, it } from "vitest";
import { mergeReviewOutputs } from "../../../../src/review/plan/index.js";
import { finding } from "../fixtures.js";

describe("mergeReviewOutputs", () => {
  const a = finding({ path: "a.ts", start_line: 1, end_line: 1, original_code: "x", title: "Leak" });
  const b = finding({ path: "b.ts", start_line: 2, end_line: 2, original_code: "y", title: "Race" });

  it("joins the lanes' findings once each, the worst verdict and its explanation, the lowest confidence", () => {
    const merged = mergeReviewOutputs([
      {
        findings: [a],
        overall_correctness: "patch is correct",
        overall_explanation: "Fine.",
        overall_confidence_score: 0.9,
      },
      {
        findings: [b, { ...a, title: "leak " }],
        overall_correctness: "patch is incorrect",
        overall_explanation: "A race.",
        overall_confidence_score: 0.6,
      },
    ]);
    expect(merged).toEqual({
      findings: [a, b],
      overall_correctness: "patch is incorrect",
      overall_explanation: "A race.",
      overall_confidence_score: 0.6,
    });
  });

  it("keeps the summary to three explanations however many lanes agree", () => {
    const lanes = Array.from({ length: 20 }, (_, i) => ({
      findings: [],
      overall_correctness: "patch is correct" as const,
      overall_explanation: i % 2 === 0 ? "Looks fine." : `Lane ${i} is fine.`,
      overall_confidence_score: 0.9,
    }));
    expect(mergeReviewOutputs(lanes).overall_explanation).toBe(
      "Looks fine.\n\nLane 1 is fine.\n\nLane 3 is fine.",
    );
  });

  it("answers an empty list with an empty review", () => {
    expect(mergeReviewOutputs([])).toMatchObject({ findings: [], overall_correctness: "patch is correct" });
  });
});
