import { describe, expect, it } from "vitest";
import { reviewFocusSection } from "../../../../src/review/prompt/focus.js";

describe("reviewFocusSection", () => {
  it("adds nothing to a plain review", () => {
    expect(reviewFocusSection("review", "mona", "")).toBeNull();
    expect(reviewFocusSection("review", "mona", "<!-- only hidden text -->")).toBeNull();
  });

  it("delimits a review's focus as data", () => {
    const section = reviewFocusSection("review", "mona", "the error handling") ?? "";
    expect(section).toMatch(/^mona asked for a review with this focus\./);
    expect(section).toMatch(
      /\n<untrusted_data_[0-9a-f]{16} source="request">\nthe error handling\n<\/untrusted_data_[0-9a-f]{16}>$/,
    );
  });

  it("asks a conversation fix for suggestions, with or without text", () => {
    expect(reviewFocusSection("fix", "mona", "the off-by-one")).toContain("each with a suggestion");
    expect(reviewFocusSection("fix", "mona", "")).toContain("(no text: fix what you find)");
  });
});
