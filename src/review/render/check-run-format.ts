import { defuseTriggers, sanitizeInline, ZERO_WIDTH_JOINER, type SanitizeOptions } from "./sanitize.js";

/** Small text helpers of the check-run renderers: deterministic, and safe for untrusted input. */

// GitHub shows about this much of a check run's title before cutting it.
const TITLE_LIMIT = 120;

/**
 * Untrusted one-line text for Markdown: sanitized, and unable to form a link (inline, reference
 * definition or autolink), because a problem line quotes a YAML key the user wrote.
 */
export function inertInline(text: string, sanitize: SanitizeOptions): string {
  return sanitizeInline(text, sanitize)
    .replace(/\](?=[(:[])/g, `]${ZERO_WIDTH_JOINER}`)
    .replace(/:\/\//g, `:${ZERO_WIDTH_JOINER}//`)
    .replace(/\bwww\./gi, (www) => `${www.slice(0, 3)}${ZERO_WIDTH_JOINER}.`);
}

// eslint-disable-next-line no-control-regex -- a title is one line: control characters become spaces
const CONTROL = /[\u0000-\u001F\u007F]+/g;

/** Titles are plain text: one line, no mention or trigger word, bounded. */
export function plainTitle(text: string, sanitize: SanitizeOptions): string {
  const flat = text
    .replace(CONTROL, " ")
    // Titles are not Markdown: a backtick would show as itself.
    .replace(/`/g, "")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/(^|[^A-Za-z0-9_])@(?=[A-Za-z0-9])/g, `$1@${ZERO_WIDTH_JOINER}`);
  const safe = defuseTriggers(flat, sanitize.triggerWords);
  return safe.length <= TITLE_LIMIT ? safe : `${safe.slice(0, TITLE_LIMIT - 1).trimEnd()}…`;
}

/** `12345` → `12,345`, the same on every machine (no locale data involved). */
export function formatCount(n: number): string {
  return String(Math.max(0, Math.round(n))).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** `14:03 UTC`: the time of day a retry starts, in the one time zone every reader can convert. */
export function formatUtcTime(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, "0");
  return `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())} UTC`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}
