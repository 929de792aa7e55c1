import { parseCommand, parseCommands } from "./parse.js";
import type { Command } from "./types.js";

/**
 * What makes two commands "the same request" across an edit: the kind, and for a command the bot
 * did not understand, the word. Argument text is left out on purpose: fixing a typo in a question
 * must not buy a second answer.
 */
function sameRequest(a: Command, b: Command): boolean {
  if (a.kind !== b.kind) return false;
  return a.kind !== "unknown" || (b.kind === "unknown" && a.word === b.word);
}

/**
 * For `issue_comment.edited` (and review comment edits): true only when the edited body carries a
 * command the old body did not, so that each mention is acted on once however often the comment
 * is edited. Correcting a misspelt command ("@codex reveiw" → "@codex review") counts.
 */
export function newlyMentioned(oldBody: string, newBody: string, trigger: string): boolean {
  const now = parseCommand(newBody, trigger);
  if (now === null) return false;
  return !parseCommands(oldBody, trigger).some((before) => sameRequest(before, now));
}
