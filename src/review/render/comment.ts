import type { PlacedFinding, PlacedFix } from "../findings/types.js";
import type { Finding } from "../findings/schema.js";
import type { ReviewComment } from "../ports.js";
import { diffBlock, suggestionBlock } from "./fix-block.js";
import { truncateMarkdown } from "./markdown.js";
import { sanitizeInline, sanitizeMarkdown, type SanitizeOptions } from "./sanitize.js";

/** `**[P1]** ` for priorities 0–3, nothing when the model gave none. */
export function priorityTag(priority: number | null): string {
  return priority === null ? "" : `**[P${priority}]** `;
}

/** The finding's first line: priority tag and sanitized title. */
export function findingHeading(finding: Finding, options: SanitizeOptions): string {
  return `${priorityTag(finding.priority)}${sanitizeInline(finding.title, options)}`;
}

/** The fix under a finding, or "" when there is nothing to show. */
export function renderFix(fix: PlacedFix, options: SanitizeOptions): string {
  if (fix.kind === "suggestion") return suggestionBlock(fix.lines);
  if (fix.kind === "diff") {
    return `_Suggested fix, not offered for commit because ${fix.reason}:_\n\n${diffBlock(fix.original, fix.replacement, options)}`;
  }
  return "";
}

/**
 * The body of one inline comment: heading, text, fix. The fix is never cut (a cut suggestion would
 * commit half a change): when it does not fit, it is left out and the text is shortened instead.
 */
export function renderCommentBody(
  finding: Finding,
  fix: PlacedFix,
  maxChars: number,
  options: SanitizeOptions,
): string {
  const heading = findingHeading(finding, options);
  const text = sanitizeMarkdown(finding.body, options).trim();
  let block = renderFix(fix, options);
  if (block.length > maxChars / 2) block = "_The suggested fix is too long to show here._";
  const prose = text === "" ? heading : `${heading}\n\n${text}`;
  const room = maxChars - block.length - 2;
  const shown = truncateMarkdown(prose, room);
  return block === "" ? shown : `${shown}\n\n${block}`;
}

/** The comment in the shape `POST /pulls/{n}/reviews` takes; ranges always on the RIGHT side. */
export function toReviewComment(
  placed: PlacedFinding,
  fix: PlacedFix,
  maxChars: number,
  options: SanitizeOptions,
): ReviewComment {
  const body = renderCommentBody(placed.finding, fix, maxChars, options);
  if (placed.startLine === placed.endLine) {
    return { path: placed.path, body, line: placed.endLine, side: "RIGHT" };
  }
  return {
    path: placed.path,
    body,
    start_line: placed.startLine,
    start_side: "RIGHT",
    line: placed.endLine,
    side: "RIGHT",
  };
}
