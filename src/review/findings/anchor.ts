import { rangeInOneHunk, rightTexts } from "../diff/lookup.js";
import type { FilePatch } from "../diff/types.js";
import { isBlank, looseLine, looselySameLines, sameLines } from "./quote.js";
import type { AnchorKind, UnplacedCode } from "./types.js";

export interface Anchor {
  start: number;
  end: number;
  kind: AnchorKind;
  /** The head lines of the range as the diff shows them. */
  original: string[];
}

export type AnchorResult = { ok: true; anchor: Anchor } | { ok: false; code: UnplacedCode; reason: string };

/** Head line numbers of a file's diff, by their whitespace-insensitive text. */
export type QuoteIndex = ReadonlyMap<string, readonly number[]>;

export function buildQuoteIndex(patch: FilePatch): QuoteIndex {
  const index = new Map<string, number[]>();
  for (const hunk of patch.hunks) {
    for (const line of hunk.right) {
      const key = looseLine(line.text);
      const numbers = index.get(key);
      if (numbers) numbers.push(line.newLine as number);
      else index.set(key, [line.newLine as number]);
    }
  }
  return index;
}

/** Every start line where the quote matches (modulo whitespace) inside one hunk of the head side. */
function candidates(patch: FilePatch, index: QuoteIndex, quote: readonly string[]): number[] {
  // Key on the first non-blank line: blank lines are everywhere and would make the scan quadratic.
  const offset = quote.findIndex((line) => !isBlank(line));
  const seeds = index.get(looseLine(quote[offset] ?? "")) ?? [];
  const starts: number[] = [];
  for (const seed of seeds) {
    const start = seed - offset;
    const end = start + quote.length - 1;
    if (start < 1 || !rangeInOneHunk(patch, start, end)) continue;
    const texts = rightTexts(patch, start, end);
    if (texts && looselySameLines(texts, quote)) starts.push(start);
  }
  return starts;
}

/** The one start among several that the cite points at: the single one, or the single one nearby. */
function choose(starts: readonly number[], citedStart: number, radius: number): number | undefined {
  const near =
    starts.length === 1 ? starts : starts.filter((start) => Math.abs(start - citedStart) <= radius);
  return near.length === 1 ? near[0] : undefined;
}

function found(patch: FilePatch, start: number, length: number, kind: AnchorKind): AnchorResult {
  const end = start + length - 1;
  return { ok: true, anchor: { start, end, kind, original: rightTexts(patch, start, end) ?? [] } };
}

/**
 * Finds the head lines a finding is about. The cited range is taken only when it holds the quote
 * exactly. Otherwise the quote is searched in the file's hunks, tolerating whitespace: a single match
 * anywhere is taken; among several, only the single one within `radius` lines of the cited start.
 * Anything else is refused, because a comment on a guessed line is worse than one in the body.
 */
export function anchorQuote(
  patch: FilePatch,
  index: () => QuoteIndex,
  citedStart: number,
  quote: readonly string[],
  radius: number,
): AnchorResult {
  if (quote.length === 0 || quote.every(isBlank)) {
    return {
      ok: false,
      code: "empty_quote",
      reason: "the finding quotes no code, so its lines cannot be checked",
    };
  }
  const cited = rightTexts(patch, citedStart, citedStart + quote.length - 1);
  if (cited && sameLines(cited, quote)) return found(patch, citedStart, quote.length, "exact");

  const starts = candidates(patch, index(), quote);
  if (starts.length === 0) {
    return {
      ok: false,
      code: "quote_not_found",
      reason: "the quoted lines are not among the lines this pull request changes or shows",
    };
  }
  const only = choose(starts, citedStart, radius);
  if (only === undefined) return ambiguous(starts.length);
  return found(patch, only, quote.length, only === citedStart ? "whitespace" : "moved");
}

function ambiguous(count: number): AnchorResult {
  return {
    ok: false,
    code: "ambiguous_quote",
    reason: `the quoted lines occur ${count} times in the diff and the cited lines do not tell which`,
  };
}

/**
 * Finds a range quoted by its first and last line only (`length` lines in all), by the same rules
 * as {@link anchorQuote}: both ends must hold the quoted text, inside one hunk, exactly at the cited
 * lines or — whitespace aside — at the single such place (or the single one near the cite).
 */
export function anchorEnds(
  patch: FilePatch,
  index: () => QuoteIndex,
  citedStart: number,
  ends: { first: string; last: string; length: number },
  radius: number,
): AnchorResult {
  const { first, last, length } = ends;
  if (isBlank(first) || isBlank(last)) {
    // A blank end pins nothing: blank lines are everywhere.
    return { ok: false, code: "empty_quote", reason: "the finding's quoted first or last line is blank" };
  }
  const cited = rightTexts(patch, citedStart, citedStart + length - 1);
  if (cited && cited[0] === first && cited[length - 1] === last) {
    return found(patch, citedStart, length, "exact");
  }
  const starts: number[] = [];
  for (const start of index().get(looseLine(first)) ?? []) {
    const texts = rightTexts(patch, start, start + length - 1);
    if (texts && looseLine(texts[length - 1] ?? "") === looseLine(last)) starts.push(start);
  }
  if (starts.length === 0) {
    return {
      ok: false,
      code: "quote_not_found",
      reason: "the quoted first and last lines are not the ends of a range this pull request shows",
    };
  }
  const only = choose(starts, citedStart, radius);
  if (only === undefined) return ambiguous(starts.length);
  return found(patch, only, length, only === citedStart ? "whitespace" : "moved");
}
