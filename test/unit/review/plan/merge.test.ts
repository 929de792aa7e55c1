import { describe, expect, it } from "vitest";
import { mergeReviewOutputs } from "../../../../src/review/plan/index.js";
import { finding } from "../fixtures.js";

describe("mergeReviewOutputs", () => {
  const a = finding({ path: "a.ts", start_line: 1, end_line: 1, original_code: "x", title: "Leak" });
  const b = finding({ path: "b.ts", start_line: 2, end_line: 2, original_code: "y", title: "Race" });

  it("joins the chunks' findings once each, the worst verdict and the lowest confidence", () => {
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
      overall_explanation: "Fine.\n\nA race.",
      overall_confidence_score: 0.6,
    });
  });

  it("answers an empty list with an empty review", () => {
    expect(mergeReviewOutputs([])).toMatchObject({ findings: [], overall_correctness: "patch is correct" });
  });
});
