/**
 * Where in a comment a mention of the trigger counts as a request. A mention counts only in prose:
 * text inside fenced code blocks, inline code spans, block quotes and HTML comments is someone
 * quoting the bot (or hiding text), not asking it for something.
 */

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Removes the parts of Markdown in which a mention is not a request. */
export function proseOnly(markdown: string): string {
  const withoutFences = markdown
    .replace(/\r\n?/g, "\n")
    .replace(/^ {0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:^ {0,3}\1[^\n]*$|(?![\s\S]))/gm, "");
  return withoutFences
    .replace(/<!--[\s\S]*?(?:-->|$)/g, "")
    .split("\n")
    .map((line) => (/^\s*>/.test(line) ? "" : line.replace(/(`+)[^`]*?\1/g, "")))
    .join("\n");
}

/**
 * The mention as GitHub would link it: not glued to a word, an e-mail address, a team (`@org/x`) or
 * a longer login (`@codex-helper`, `@codexbot`).
 */
function mentionPattern(trigger: string): RegExp {
  return new RegExp(`(?:^|[^\\w@/.-])${escapeRegExp(trigger)}(?![\\w/-])`, "gi");
}

/**
 * The request after each mention, in order: the rest of the mention's line plus the lines that
 * continue its paragraph (up to a blank line or the next mention). Leading `,`/`:` are dropped
 * ("@codex, review"). A mention with nothing after it counts only when it starts its line: "thanks
 * @codex" and "cc @codex" talk about the bot, a lone "@codex" asks it for help.
 */
export function mentionRequests(body: string, trigger: string): string[] {
  if (trigger.trim() === "") return [];
  const lines = proseOnly(body).split("\n");
  const pattern = mentionPattern(trigger);
  const requests: string[] = [];
  lines.forEach((line, index) => {
    pattern.lastIndex = 0;
    const found = [...line.matchAll(pattern)];
    found.forEach((match, i) => {
      const from = (match.index ?? 0) + match[0].length;
      const next = found[i + 1];
      const own = line.slice(from, next ? next.index : undefined);
      const parts = [own];
      if (!next) {
        for (const following of lines.slice(index + 1)) {
          pattern.lastIndex = 0;
          if (following.trim() === "" || pattern.test(following)) break;
          parts.push(following);
        }
      }
      const request = parts
        .join("\n")
        .replace(/^[\s,:;]+/, "")
        .trim();
      const before = line.slice(0, match.index ?? 0).trim();
      if (request !== "" || before === "") requests.push(request);
    });
  });
  return requests;
}
