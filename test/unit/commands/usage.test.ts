import { describe, expect, it } from "vitest";
import { COMMAND_WORDS } from "../../../src/commands/registry.js";
import { parseCommand, usageText } from "../../../src/commands/parse.js";

describe("usageText", () => {
  it("documents every command with the configured trigger", () => {
    const text = usageText("@spark");
    for (const word of COMMAND_WORDS) expect(text).toContain(`\`@spark ${word}`);
    expect(text).toContain("contents: write");
    expect(text).not.toContain("@codex");
  });

  it("cannot trigger the bot when it is posted", () => {
    expect(parseCommand(usageText("@codex"), "@codex")).toBeNull();
  });
});
