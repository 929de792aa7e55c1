import { describe, expect, it } from "vitest";
import { parseCommand, parseCommands, proseOnly, type Command } from "../../../src/commands/parse.js";

describe("parseCommand: where a mention counts", () => {
  const cases: Array<[string, string, Command | null]> = [
    ["plain review", "@codex review", { kind: "review", text: "" }],
    ["mixed case and trailing punctuation", "Hey @Codex Review!", { kind: "review", text: "" }],
    [
      "review after other text on a later line",
      "LGTM overall.\n\n@codex review please",
      { kind: "review", text: "" },
    ],
    ["help", "@codex help", { kind: "help" }],
    ["bare mention asks for help", "@codex", { kind: "help" }],
    [
      "an action the bot never takes",
      "@codex deploy to prod",
      { kind: "unknown", word: "deploy", reason: "`deploy` is not something I do." },
    ],
    ["no mention", "Looks good to me", null],
    ["other user with the same prefix", "@codexbot review", null],
    ["team mention", "@org/codex review", null],
    ["email-like text", "mail me at someone@codex review", null],
    ["inside inline code", "type `@codex review` to ask", null],
    ["inside a fenced block", "```\n@codex review\n```", null],
    ["inside a tilde fence", "~~~\n@codex review\n~~~", null],
    ["inside a quote", "> @codex review\n\nthanks", null],
    ["inside an HTML comment", "<!-- @codex review -->", null],
    ["inside a multi-line HTML comment", "<!--\n@codex apply\n-->", null],
    ["hyphenated trigger-like login", "@codex-helper review", null],
    ["zero-width space inside the trigger", "@\u200Bcodex review", null],
    ["zero-width joiner the bot puts into its own text", "@\u200Dcodex review", null],
    ["a comma after the trigger", "@codex, review", { kind: "review", text: "" }],
    ["a colon after the trigger", "@codex: apply", { kind: "apply" }],
    ["CRLF line endings", "thanks\r\n@codex fix the null check\r\n", { kind: "fix", text: "the null check" }],
    ["thanks after the trigger", "@codex thanks!", null],
    ["the trigger at the end of a sentence", "Great catch, thanks @codex", null],
    ["a cc line", "cc @codex", null],
    ["a lone mention after other lines", "See above.\n@codex", { kind: "help" }],
    ["first of two mentions wins", "@codex review\n\n@codex apply", { kind: "review", text: "" }],
  ];
  it.each(cases)("%s", (_name, body, expected) => {
    expect(parseCommand(body, "@codex")).toEqual(expected);
  });

  it("honours a configured trigger word", () => {
    expect(parseCommand("@reviewbot review", "@reviewbot")).toEqual({ kind: "review", text: "" });
    expect(parseCommand("@codex review", "@reviewbot")).toBeNull();
    expect(parseCommand("@re.bot review", "@re.bot")).toEqual({ kind: "review", text: "" });
    expect(parseCommand("@rexbot review", "@re.bot")).toBeNull();
  });

  it("never matches an empty trigger", () => {
    expect(parseCommand("review", "")).toBeNull();
  });
});

describe("parseCommand: the grammar", () => {
  const cases: Array<[string, Command]> = [
    ["@codex review the error handling", { kind: "review", text: "the error handling" }],
    ["@codex fix", { kind: "fix", text: "" }],
    ["@codex fix please", { kind: "fix", text: "" }],
    ["@codex fix use a Map instead", { kind: "fix", text: "use a Map instead" }],
    ["@codex FIX: the off-by-one", { kind: "fix", text: "the off-by-one" }],
    ["@codex explain", { kind: "ask", text: "explain" }],
    ["@codex explain why this lock is needed", { kind: "ask", text: "explain why this lock is needed" }],
    ["@codex why is this O(n^2)?", { kind: "ask", text: "why is this O(n^2)?" }],
    ["@codex help me understand this regex", { kind: "ask", text: "help me understand this regex" }],
    ["@codex help please", { kind: "help" }],
    ["@codex ?", { kind: "help" }],
    ["@codex pause", { kind: "pause", text: "" }],
    ["@codex pause until I push the rest", { kind: "pause", text: "until I push the rest" }],
    ["@codex resume", { kind: "resume", text: "" }],
    ["@codex apply", { kind: "apply" }],
    ["@codex apply all suggestions, thanks!", { kind: "apply" }],
    [
      "@codex apply only the first one",
      {
        kind: "unknown",
        word: "apply",
        reason: "`apply` takes no arguments: it commits all of my open suggestions at once.",
      },
    ],
    ["@codex ignore", { kind: "ignore", text: "" }],
    ["@codex ignore this is intended", { kind: "ignore", text: "this is intended" }],
    ["@codex approve", { kind: "unknown", word: "approve", reason: "`approve` is not something I do." }],
    ["@codex merge it now", { kind: "unknown", word: "merge", reason: "`merge` is not something I do." }],
    [
      "@codex reveiw",
      {
        kind: "unknown",
        word: "reveiw",
        reason: "I don't know the command `reveiw`; did you mean `review`?",
      },
    ],
    [
      "@codex aply",
      { kind: "unknown", word: "aply", reason: "I don't know the command `aply`; did you mean `apply`?" },
    ],
    [
      "@codex resmue!",
      {
        kind: "unknown",
        word: "resmue",
        reason: "I don't know the command `resmue`; did you mean `resume`?",
      },
    ],
    [
      "@codex reveiw please",
      {
        kind: "unknown",
        word: "reveiw",
        reason: "I don't know the command `reveiw`; did you mean `review`?",
      },
    ],
    ["@codex thoughts?", { kind: "ask", text: "thoughts?" }],
    ["@codex reviews look slow here, why?", { kind: "ask", text: "reviews look slow here, why?" }],
    [
      "@codex what does this do\nand is it safe?\n\nunrelated paragraph",
      { kind: "ask", text: "what does this do\nand is it safe?" },
    ],
    [
      "@codex fix this so that it handles\n```\nfoo(null)\n```",
      { kind: "fix", text: "this so that it handles" },
    ],
  ];
  it.each(cases)("%j", (body, expected) => {
    expect(parseCommand(body, "@codex")).toEqual(expected);
  });
});

describe("parseCommands", () => {
  it("lists every mention in order, each with its own argument", () => {
    expect(parseCommands("@codex review\n@codex fix the loop\n\n`@codex apply`", "@codex")).toEqual([
      { kind: "review", text: "" },
      { kind: "fix", text: "the loop" },
    ]);
  });

  it("splits two mentions on one line", () => {
    expect(parseCommands("@codex pause; @codex resume", "@codex")).toEqual([
      { kind: "pause", text: "" },
      { kind: "resume", text: "" },
    ]);
  });
});

describe("proseOnly", () => {
  it("drops an unterminated fence to the end of the comment", () => {
    expect(proseOnly("before\n```ts\n@codex review")).toBe("before\n");
  });

  it("drops an unterminated HTML comment to the end of the comment", () => {
    expect(proseOnly("before <!-- @codex review")).toBe("before ");
  });
});
