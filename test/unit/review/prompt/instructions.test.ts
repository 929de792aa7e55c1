import { describe, expect, it } from "vitest";
import { REVIEW_INSTRUCTIONS, reviewInstructions } from "../../../../src/review/prompt/instructions.js";

describe("review instructions", () => {
  it("state the repository's suggestion limit, so the model is not told 10 when 3 or 40 apply", () => {
    expect(reviewInstructions({ maxSuggestionLines: 3 })).toContain("(at most 3 lines)");
    expect(reviewInstructions({ maxSuggestionLines: 40 })).toContain("(at most 40 lines)");
    expect(REVIEW_INSTRUCTIONS).toBe(reviewInstructions({ maxSuggestionLines: 10 }));
  });
});
