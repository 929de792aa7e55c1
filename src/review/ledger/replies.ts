import { sanitizeInline, type SanitizeOptions } from "../render/sanitize.js";
import { appendMarker, closingMarker } from "./marker.js";

/**
 * The bot's short thread replies about a finding. Each is one line: the thread already holds the
 * finding, repeating it would only add noise. Replies that close a finding carry a hidden marker so a
 * rebuilt ledger knows how it was closed.
 */

/** The first 7 hex digits of a SHA; anything that is not hex is not printed. */
export function shortSha(sha: string): string {
  return /^[0-9a-f]{7,64}$/i.test(sha) ? sha.slice(0, 7).toLowerCase() : "unknown";
}

function lines(start: number, end: number): string {
  return start === end ? `line ${start}` : `lines ${start}–${end}`;
}

/** "Fixed in `abc1234`." — posted before the thread is resolved. */
export function fixedReply(fingerprint: string, headSha: string): string {
  return appendMarker(`Fixed in \`${shortSha(headSha)}\`.`, closingMarker("fixed", fingerprint));
}

/** "Still present in `abc1234` (now lines 12–14)." — only when the code around the finding changed. */
export function stillPresentReply(headSha: string, where: { startLine: number; endLine: number }): string {
  return `Still present in \`${shortSha(headSha)}\` (now ${lines(where.startLine, where.endLine)}).`;
}

/** After the model conceded a rebuttal: the finding is dropped and will not be raised again. */
export function concededReply(fingerprint: string): string {
  return appendMarker(
    "Fair point: dropping this finding; it will not be raised again on this pull request.",
    closingMarker("dismissed", fingerprint),
  );
}

/**
 * After the model kept a finding despite a rebuttal: its one sentence of reasoning, sanitized like
 * any model text (no mentions, no trigger words, no HTML) and cut to one line.
 */
export function keptReply(reason: string, options: SanitizeOptions = {}): string {
  // Cut before sanitizing, so the cut cannot split an escape or leave a code span open.
  const flat = reason.replace(/\s+/g, " ").trim();
  const short = flat.length > 400 ? `${flat.slice(0, 399).trimEnd()}…` : flat;
  return `Keeping this finding: ${sanitizeInline(short, options)}`;
}

/** After `@codex ignore` or a 👎: a quiet acknowledgement that also marks the thread for a rebuild. */
export function dismissedReply(fingerprint: string): string {
  return appendMarker(
    "Understood: this finding will not be raised again on this pull request.",
    closingMarker("dismissed", fingerprint),
  );
}
