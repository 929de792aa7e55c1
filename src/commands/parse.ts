/**
 * The `@codex …` grammar: turns a comment body into at most one command. Pure.
 *
 * A mention counts only in prose: text inside fenced code blocks, inline code spans and block
 * quotes is someone quoting the bot, not asking it for something.
 */
export type Command = { kind: "review" } | { kind: "help" } | { kind: "unknown"; word: string };

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Removes the parts of Markdown in which a mention is not a request. */
export function proseOnly(markdown: string): string {
  const withoutFences = markdown.replace(
    /^ {0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:^ {0,3}\1[^\n]*$|(?![\s\S]))/gm,
    "",
  );
  return withoutFences
    .split("\n")
    .filter((line) => !/^\s*>/.test(line))
    .map((line) => line.replace(/(`+)[^`]*?\1/g, ""))
    .join("\n")
    .replace(/<!--[\s\S]*?-->/g, "");
}

/**
 * Finds the first command addressed to `trigger` (e.g. `@codex`). Returns null when the comment does
 * not mention the trigger at all, so that ordinary comments are ignored silently.
 */
export function parseCommand(body: string, trigger: string): Command | null {
  const mention = new RegExp(`(?:^|[^\\w@/.-])${escapeRegExp(trigger)}(?![\\w/-])[ \\t]*([^\\n]*)`, "i");
  const match = mention.exec(proseOnly(body));
  if (!match) return null;
  const rest = (match[1] ?? "").trim();
  const word = (rest.split(/\s+/)[0] ?? "").toLowerCase().replace(/[.!?,:;]+$/, "");
  switch (word) {
    case "review":
      return { kind: "review" };
    case "help":
    case "":
      return { kind: "help" };
    default:
      return { kind: "unknown", word };
  }
}

export function usageText(trigger: string): string {
  return [
    "Usage:",
    "",
    `- \`${trigger} review\` — review this pull request now and post the findings as a review.`,
    `- \`${trigger} help\` — show this message.`,
  ].join("\n");
}
