import { describe, expect, it } from "vitest";
import { parseCommand } from "../../../src/commands/parse.js";
import { COMMAND_WORDS, routeOf, TYPO_TARGETS, type Route } from "../../../src/commands/registry.js";
import { CONVERSATION_COMMANDS } from "../../../src/commands/types.js";
import { usageText } from "../../../src/commands/usage.js";

const trigger = "@codex";
const route = (body: string, inThread: boolean): Route => {
  const command = parseCommand(`${trigger} ${body}`, trigger);
  if (!command) throw new Error(`no command in ${body}`);
  return routeOf(command, { inThread, trigger });
};

describe("command registry", () => {
  it.each([
    ["review", false, { kind: "review", focus: null, scope: null }],
    [
      "review the error handling",
      false,
      { kind: "review", focus: { kind: "review", text: "the error handling" }, scope: null },
    ],
    ["review full", false, { kind: "review", focus: null, scope: { kind: "full" } }],
    [
      "review abc1234..def5678 the parser",
      false,
      {
        kind: "review",
        focus: { kind: "review", text: "the parser" },
        scope: { kind: "range", from: "abc1234", to: "def5678" },
      },
    ],
    ["fix the typo", false, { kind: "review", focus: { kind: "fix", text: "the typo" }, scope: null }],
    ["fix the typo", true, { kind: "conversation", command: "thread", mode: "fix", text: "the typo" }],
    ["explain this", true, { kind: "conversation", command: "thread", mode: "ask", text: "explain this" }],
    [
      "why is this slow?",
      false,
      { kind: "conversation", command: "ask", mode: null, text: "why is this slow?" },
    ],
    ["apply", false, { kind: "conversation", command: "apply", mode: null, text: "" }],
    ["pause", true, { kind: "conversation", command: "pause", mode: null, text: "" }],
    ["resume", false, { kind: "conversation", command: "resume", mode: null, text: "" }],
    ["ignore not a bug", true, { kind: "conversation", command: "ignore", mode: null, text: "not a bug" }],
    ["help", false, { kind: "usage", note: null }],
  ] as const)("routes `%s` (in a thread: %s)", (body, inThread, expected) => {
    expect(route(body, inThread)).toEqual(expected);
  });

  it("answers ignore outside a thread, and unknown words, without queueing", () => {
    expect(route("ignore", false)).toEqual({
      kind: "reply",
      text: "`@codex ignore` works in the review thread of one of my findings: reply there to dismiss it.",
    });
    expect(route("merge this", false)).toEqual({ kind: "usage", note: "`merge` is not something I do." });
    expect(route("reivew", false)).toMatchObject({
      kind: "usage",
      note: expect.stringContaining("`review`"),
    });
  });

  it("reaches every conversation command the job schema accepts", () => {
    const reached = new Set<string>();
    for (const word of COMMAND_WORDS) {
      for (const inThread of [false, true]) {
        const r = route(`${word} x`.replace(/^apply x$/, "apply"), inThread);
        if (r.kind === "conversation") reached.add(r.command);
      }
    }
    expect([...reached].sort()).toEqual([...CONVERSATION_COMMANDS].sort());
  });

  it("lists every word in help, and offers only command words as typo fixes", () => {
    const help = usageText(trigger);
    for (const word of COMMAND_WORDS) expect(help).toContain(`\`${trigger} ${word}`);
    expect(TYPO_TARGETS.every((w) => COMMAND_WORDS.includes(w))).toBe(true);
  });
});
