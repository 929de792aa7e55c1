/** GitHub's limit for a review body and for each review comment body. */
export const GITHUB_BODY_LIMIT = 65_536;

export interface Fence {
  char: "`" | "~";
  length: number;
}

const OPENER = /^ {0,3}(`{3,}|~{3,})(.*)$/;

/** The fence a line opens, following CommonMark: backtick fences cannot have backticks in their info. */
export function fenceOpenedBy(line: string): Fence | null {
  const match = OPENER.exec(line);
  if (!match) return null;
  const run = match[1] as string;
  const char = run[0] as "`" | "~";
  if (char === "`" && (match[2] ?? "").includes("`")) return null;
  return { char, length: run.length };
}

/** Whether `line` closes `fence`: the same character, at least as long, nothing but spaces after. */
export function closesFence(line: string, fence: Fence): boolean {
  const match = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line);
  const run = match?.[1];
  return run !== undefined && run[0] === fence.char && run.length >= fence.length;
}

/** The fence still open at the end of `text`, if any. */
export function openFenceAtEnd(text: string): Fence | null {
  let open: Fence | null = null;
  for (const line of text.split("\n")) {
    if (open) {
      if (closesFence(line, open)) open = null;
    } else {
      open = fenceOpenedBy(line);
    }
  }
  return open;
}

export function longestRun(text: string, char: string): number {
  let longest = 0;
  let current = 0;
  for (const c of text) {
    current = c === char ? current + 1 : 0;
    if (current > longest) longest = current;
  }
  return longest;
}

/** A fence no line of `content` can close: longer than any backtick run in it. */
export function fenceFor(content: string): string {
  return "`".repeat(Math.max(3, longestRun(content, "`") + 1));
}

/** A fenced block whose content cannot end it early. */
export function codeBlock(info: string, lines: readonly string[]): string {
  const content = lines.join("\n");
  const fence = fenceFor(content);
  return lines.length === 0 ? `${fence}${info}\n${fence}` : `${fence}${info}\n${content}\n${fence}`;
}

/** An inline code span that holds `text` verbatim (newlines become spaces, as Markdown would). */
export function codeSpan(text: string): string {
  const flat = text.replace(/[\r\n]+/g, " ");
  const ticks = "`".repeat(longestRun(flat, "`") + 1);
  const pad = flat.startsWith("`") || flat.endsWith("`") || flat === "" ? " " : "";
  return `${ticks}${pad}${flat}${pad}${ticks}`;
}

const TRUNCATION_NOTE = "\n\n_… truncated to fit GitHub's size limit._";

/**
 * Cuts Markdown to at most `max` characters at a line boundary, closing a fence left open so the
 * rest of the page is not swallowed by it, and says that it did.
 */
export function truncateMarkdown(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = max - TRUNCATION_NOTE.length - 1;
  let cut = text.slice(0, Math.max(0, room));
  const newline = cut.lastIndexOf("\n");
  if (newline > 0) cut = cut.slice(0, newline);
  // Leave out the whole fence-closing line's worth of room before adding it.
  let open = openFenceAtEnd(cut);
  while (open && cut.length + open.length + 1 > room) {
    const back = cut.lastIndexOf("\n");
    cut = back > 0 ? cut.slice(0, back) : "";
    open = openFenceAtEnd(cut);
  }
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  const close = open ? `\n${open.char.repeat(open.length)}` : "";
  return `${cut}${close}${TRUNCATION_NOTE}`;
}
