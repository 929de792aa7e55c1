import { readCommand, TYPO_TARGETS } from "./registry.js";
import type { Command } from "./types.js";

/**
 * Words that may follow a command that takes no argument without changing what it means
 * ("@codex apply all suggestions, please").
 */
const FILLER = new Set([
  "please",
  "pls",
  "plz",
  "now",
  "all",
  "the",
  "them",
  "these",
  "those",
  "my",
  "your",
  "suggestion",
  "suggestions",
  "suggested",
  "changes",
  "change",
  "fixes",
  "thanks",
  "thank",
  "you",
  "thx",
  "again",
]);

/**
 * Actions people ask a bot for that this one never takes. They get a usage reply instead of a
 * model call, so that "@codex merge this" cannot be mistaken for a question the model might
 * answer with "done".
 */
const NOT_OURS = new Set([
  "approve",
  "merge",
  "close",
  "reopen",
  "deploy",
  "release",
  "publish",
  "push",
  "rebase",
  "squash",
  "revert",
  "label",
  "assign",
  "delete",
  "lock",
  "unlock",
  "resolve",
  "dismiss",
]);

function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/\s+/)
    .map((word) => word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ""))
    .filter((word) => word !== "");
}

function onlyFiller(text: string): boolean {
  return words(text).every((word) => FILLER.has(word));
}

/** Optimal string alignment distance: a swap of two letters ("reivew") counts as one edit. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i] as number[];
      const up = d[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((up[j] as number) + 1, (row[j - 1] as number) + 1, (up[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, ((d[i - 2] as number[])[j - 2] as number) + 1);
      }
      row[j] = best;
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

function nearCommand(word: string): string | null {
  if (word.length < 3) return null;
  for (const target of TYPO_TARGETS) {
    const allowed = target.length >= 6 ? 2 : 1;
    if (editDistance(word, target) <= allowed) return target;
  }
  return null;
}

function unknown(word: string, reason: string): Command {
  return { kind: "unknown", word, reason };
}

/**
 * Reads what follows one mention. The first word picks the command; the rest is its argument.
 * Anything that is not a command word is a question for the model, except an action the bot does
 * not take, a lone mistyped command word, and an argument to a command that takes none. Pure
 * politeness ("@codex thanks!") is no request at all: null, so that it costs no reply.
 */
export function interpretRequest(request: string): Command | null {
  const text = request.trim();
  const head = text.split(/\s/, 1)[0] ?? "";
  const [first = ""] = words(head);
  const rest = text.slice(head.length).trim();
  if (text === "" || first === "") return { kind: "help" };
  const command = readCommand({
    text,
    rest,
    word: first,
    onlyFiller: onlyFiller(rest),
    isFiller: onlyFiller,
  });
  if (command) return command;
  if (NOT_OURS.has(first)) return unknown(first, `\`${first}\` is not something I do.`);
  const meaningful = words(text).filter((word) => !FILLER.has(word));
  if (meaningful.length === 0) return null;
  const guess = meaningful.length === 1 ? nearCommand(first) : null;
  if (guess) return unknown(first, `I don't know the command \`${first}\`; did you mean \`${guess}\`?`);
  return { kind: "ask", text };
}
