import { describe, expect, it } from "vitest";
import { parseCommand, type Command } from "../../../src/commands/parse.js";

describe("@codex review with a scope", () => {
  const cases: Array<[string, Command]> = [
    [
      "@codex review abc1234..def5678",
      { kind: "review", text: "", scope: { kind: "range", from: "abc1234", to: "def5678" } },
    ],
    [
      "@codex review ABC1234...def5678 the retries",
      { kind: "review", text: "the retries", scope: { kind: "range", from: "ABC1234", to: "def5678" } },
    ],
    ["@codex review full", { kind: "review", text: "", scope: { kind: "full" } }],
    ["@codex review full please", { kind: "review", text: "", scope: { kind: "full" } }],
    [
      "@codex review Full the error handling",
      { kind: "review", text: "the error handling", scope: { kind: "full" } },
    ],
    [
      "@codex review src/**/*.ts",
      { kind: "review", text: "", scope: { kind: "paths", globs: ["src/**/*.ts"] } },
    ],
    [
      "@codex review ./README.md docs/*, the wording",
      { kind: "review", text: "the wording", scope: { kind: "paths", globs: ["README.md", "docs/*"] } },
    ],
    // A code span is quoted text, never part of a command (see mentions.ts): the path is not read.
    ["@codex review `src/api/`", { kind: "review", text: "" }],
    // Prose stays a focus.
    ["@codex review the error handling", { kind: "review", text: "the error handling" }],
    [
      "@codex review carefully, the cache in src/cache.ts",
      { kind: "review", text: "carefully, the cache in src/cache.ts" },
    ],
    ["@codex review https://example.com/x", { kind: "review", text: "https://example.com/x" }],
  ];
  it.each(cases)("%s", (body, command) => {
    expect(parseCommand(body, "@codex")).toEqual(command);
  });

  it.each(["@codex review main..feature", "@codex review abc..", "@codex review HEAD~2..HEAD"])(
    "answers a range that is not two SHAs with a hint: %s",
    (body) => {
      const command = parseCommand(body, "@codex");
      expect(command).toMatchObject({ kind: "unknown", word: "review" });
      expect(command?.kind === "unknown" ? command.reason : "").toContain("review abc1234..def5678");
    },
  );

  it("refuses more globs than a review may compile", () => {
    const body = `@codex review ${Array.from({ length: 21 }, (_, i) => `src/${i}/*`).join(" ")}`;
    expect(parseCommand(body, "@codex")).toMatchObject({ kind: "unknown", word: "review" });
  });
});
