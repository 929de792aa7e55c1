/**
 * The `@codex …` grammar: turns a comment body into at most one command. Pure.
 *
 * A mention counts only in prose (see `mentions.ts`). The first mention of a comment is the one
 * acted on: a comment is one request.
 */
import { interpretRequest } from "./grammar.js";
import { mentionRequests } from "./mentions.js";
import type { Command } from "./types.js";

export type { Command, CommandKind, ReviewScope } from "./types.js";
export { proseOnly } from "./mentions.js";
export { usageText } from "./usage.js";

/** Every command addressed to `trigger` in the comment, in order of appearance. */
export function parseCommands(body: string, trigger: string): Command[] {
  return mentionRequests(body, trigger)
    .map(interpretRequest)
    .filter((command): command is Command => command !== null);
}

/**
 * The first command addressed to `trigger` (e.g. `@codex`). Returns null when the comment does
 * not mention the trigger in prose at all, so that ordinary comments are ignored silently.
 */
export function parseCommand(body: string, trigger: string): Command | null {
  return parseCommands(body, trigger)[0] ?? null;
}
