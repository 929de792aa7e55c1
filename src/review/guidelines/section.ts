import { visibleProse } from "../prompt/sanitize-input.js";
import { closesFence, fenceOpenedBy, type Fence } from "../render/markdown.js";

/**
 * Finds the review guidance in an AGENTS.md-style file. Such files mostly tell agents how to build and
 * test; only the part about reviewing belongs in a review prompt, so only that part is taken.
 */

/** Characters per file kept by default; beyond it the section is cut at a line and says so. */
export const DEFAULT_MAX_SECTION_CHARS = 4_000;

export interface SectionOptions {
  /** Longest section returned, in characters. Default 4,000. */
  maxChars?: number;
}

interface Heading {
  /** First line of the heading. */
  line: number;
  /** First line after it (a setext heading has an underline). */
  bodyStart: number;
  level: number;
  text: string;
}

const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;
// Lines after which `---` is not a setext underline: a list item, quote, table row or thematic break.
const NOT_PARAGRAPH = /^ {0,3}([-*+]\s|\d+[.)]\s|>|\||(?:[-*_][ \t]*){3,}$)/;

// "Review guidelines", "Code Review Rules", "Reviewing", "Notes for reviewers", "PR review checklist"…
// The word must stand alone, so "Preview builds" does not match.
const REVIEW_HEADING = /\b(?:review|reviews|reviewing|reviewer|reviewers)\b/i;

// visibleProse keeps C0 control characters; a guideline has no use for them (tab and newline aside).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F]/g;

// Guideline files are small; this bounds the work on a huge one before its section is found and cut.
const MAX_FILE_CHARS = 200_000;

function headingsOf(lines: readonly string[]): Heading[] {
  const found: Heading[] = [];
  let fence: Fence | null = null;
  for (const [i, line] of lines.entries()) {
    if (fence) {
      if (closesFence(line, fence)) fence = null;
      continue;
    }
    fence = fenceOpenedBy(line);
    if (fence) continue;
    const atx = ATX.exec(line);
    if (atx) {
      found.push({ line: i, bodyStart: i + 1, level: (atx[1] as string).length, text: atx[2] ?? "" });
      continue;
    }
    const underline = SETEXT_UNDERLINE.exec(line);
    const previous = lines[i - 1];
    const last = found[found.length - 1];
    if (
      underline &&
      previous !== undefined &&
      previous.trim() !== "" &&
      !NOT_PARAGRAPH.test(previous) &&
      fenceOpenedBy(previous) === null &&
      last?.line !== i - 1
    ) {
      const level = (underline[1] as string).startsWith("=") ? 1 : 2;
      found.push({ line: i - 1, bodyStart: i + 1, level, text: previous.trim() });
    }
  }
  return found;
}

/** Heading text without Markdown decoration: `**Code _review_**` → "Code review". */
function plainHeading(text: string): string {
  return text
    .replace(/[*_`~[\]()#:!]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Cuts at a line boundary so that no instruction is cut mid-sentence without notice. */
export function capText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const note = "\n[… truncated …]";
  const room = Math.max(0, maxChars - note.length);
  let cut = text.slice(0, room);
  const newline = cut.lastIndexOf("\n");
  if (newline > 0) cut = cut.slice(0, newline);
  return `${cut.trimEnd()}${note}`;
}

/**
 * The review section of a Markdown file: the content under every heading (any level, ATX or setext)
 * that names reviewing, up to the next heading of the same or a higher level, subsections included.
 * Whatever a human reading the rendered file cannot see is removed first. Null when there is no such section or it is empty.
 */
export function extractReviewSection(markdown: string, options: SectionOptions = {}): string | null {
  const maxChars = options.maxChars ?? DEFAULT_MAX_SECTION_CHARS;
  // What a human reading the rendered file cannot see (HTML comments, hidden elements, invisible
  // characters, `[//]: # (…)` definitions) must not reach the model as an instruction either.
  const text = visibleProse(markdown, MAX_FILE_CHARS).replace(CONTROL, "");
  const lines = text.split("\n");
  const headings = headingsOf(lines);
  const parts: string[] = [];
  let coveredUntil = -1;
  for (const [i, heading] of headings.entries()) {
    // A matching subsection of a section already taken is part of it.
    if (heading.line < coveredUntil || !REVIEW_HEADING.test(plainHeading(heading.text))) continue;
    const next = headings.slice(i + 1).find((h) => h.level <= heading.level);
    const end = next ? next.line : lines.length;
    coveredUntil = end;
    const body = lines.slice(heading.bodyStart, end).join("\n").trim();
    if (body !== "") parts.push(body);
  }
  if (parts.length === 0) return null;
  const joined = parts.join("\n\n").replace(/\n{3,}/g, "\n\n");
  return capText(joined, maxChars);
}
