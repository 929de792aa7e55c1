import { describe, expect, it } from "vitest";
import { parseCommand, proseOnly } from "../../../src/commands/parse.js";

describe("parseCommand", () => {
  const cases: Array<[string, string, ReturnType<typeof parseCommand>]> = [
    ["plain review", "@codex review", { kind: "review" }],
    ["mixed case and trailing punctuation", "Hey @Codex Review!", { kind: "review" }],
    ["review after other text on a later line", "LGTM overall.\n\n@codex review please", { kind: "review" }],
    ["help", "@codex help", { kind: "help" }],
    ["bare mention asks for help", "@codex", { kind: "help" }],
    ["unknown word", "@codex deploy to prod", { kind: "unknown", word: "deploy" }],
    ["no mention", "Looks good to me", null],
    ["other user with the same prefix", "@codexbot review", null],
    ["team mention", "@org/codex review", null],
    ["email-like text", "mail me at someone@codex review", null],
    ["inside inline code", "type `@codex review` to ask", null],
    ["inside a fenced block", "```\n@codex review\n```", null],
    ["inside a quote", "> @codex review\n\nthanks", null],
    ["inside an HTML comment", "<!-- @codex review -->", null],
    ["hyphenated trigger-like login", "@codex-helper review", null],
  ];
  it.each(cases)("%s", (_name, body, expected) => {
    expect(parseCommand(body, "@codex")).toEqual(expected);
  });

  it("honours a configured trigger word", () => {
    expect(parseCommand("@reviewbot review", "@reviewbot")).toEqual({ kind: "review" });
    expect(parseCommand("@codex review", "@reviewbot")).toBeNull();
  });
});

describe("proseOnly", () => {
  it("drops an unterminated fence to the end of the comment", () => {
    expect(proseOnly("before\n```ts\n@codex review")).toBe("before\n");
  });
});
