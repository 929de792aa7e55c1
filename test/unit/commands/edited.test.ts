import { describe, expect, it } from "vitest";
import { newlyMentioned } from "../../../src/commands/edited.js";

describe("newlyMentioned", () => {
  const cases: Array<[string, string, string, boolean]> = [
    ["a mention added to a plain comment", "Looks good", "Looks good\n\n@codex review", true],
    ["the same command, other text edited", "@codex review", "@codex review\n\nEdit: typo", false],
    ["a question reworded", "@codex why is this slow", "@codex why is this so slow?", false],
    ["a different command", "@codex review", "@codex apply", true],
    ["a misspelt command corrected", "@codex reveiw", "@codex review", true],
    ["the mention removed", "@codex review", "never mind", false],
    ["a mention moved out of a code span", "use `@codex review`", "@codex review", true],
    ["a mention moved into a code span", "@codex review", "use `@codex review`", false],
    ["a second mention of a command already there", "@codex review\n@codex fix", "@codex fix", false],
    ["an unknown command left as it was", "@codex reveiw", "@codex reveiw please", false],
    ["a mention added inside an HTML comment", "hi", "hi <!-- @codex review -->", false],
  ];
  it.each(cases)("%s", (_name, before, after, expected) => {
    expect(newlyMentioned(before, after, "@codex")).toBe(expected);
  });

  it("uses the configured trigger", () => {
    expect(newlyMentioned("", "@codex review", "@spark")).toBe(false);
    expect(newlyMentioned("", "@spark review", "@spark")).toBe(true);
  });
});
