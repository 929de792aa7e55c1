import { createHash } from "node:crypto";
import type { Finding } from "../findings/schema.js";
import { looseLine, splitModelLines } from "../findings/quote.js";
import type { PlacedFinding } from "../findings/types.js";

/**
 * A finding's identity across pushes. Line numbers are left out on purpose: a push that adds a line
 * above a finding must not turn it into a new finding. What identifies it is where it lives (its
 * file, after renames), what it quotes (whitespace and blank lines ignored, so re-indenting or
 * trimming trailing spaces keeps it) and what it says (its title, loosely).
 *
 * Two findings with the same fingerprint are the same finding, so two identical lines with the same
 * complaint in one file share one fingerprint and are posted once.
 */

/** Old path → new path, for files renamed since the ledger last saw them (`previousPath` → `path`). */
export type RenameMap = ReadonlyMap<string, string>;

/** The part of a finding its fingerprint is made of. */
export interface FingerprintInput {
  path: string;
  /** The quoted head lines (or the quote as one string). */
  original: readonly string[] | string;
  title: string;
}

const VERSION = "v1";
const LENGTH = 16;

/** Follows a chain of renames to the newest name; a cycle stops where it would repeat. */
export function currentPath(path: string, renames: RenameMap = new Map()): string {
  const seen = new Set<string>([path]);
  let current = path;
  for (let next = renames.get(current); next !== undefined && !seen.has(next); next = renames.get(current)) {
    seen.add(next);
    current = next;
  }
  return current;
}

/** Quoted code with indentation, runs of whitespace, trailing spaces and blank lines folded away. */
export function normalizeCode(original: readonly string[] | string): string {
  const lines = typeof original === "string" ? original.replace(/\r\n?/g, "\n").split("\n") : original;
  return lines
    .map((line) => looseLine(line.replace(/\r$/, "")))
    .filter((line) => line !== "")
    .join("\n");
}

/**
 * A title folded so that rewording by punctuation, case or numbers ("line 41" → "line 42") keeps the
 * identity. It also undoes what our sanitizer adds to a posted heading (escapes, entities, zero-width
 * joiners), so a title read back from a GitHub comment folds like the model's original.
 */
export function normalizeTitle(title: string): string {
  return title
    .normalize("NFKC")
    .replace(/\u200D/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&amp;/g, "&")
    .replace(/\\([!-/:-@[-`{-~])/g, "$1")
    .replace(/^\s*(?:\*\*)?\[P\d\](?:\*\*)?\s*/i, "")
    .toLowerCase()
    .replace(/\p{N}+/gu, "0")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** A short, stable hex id: sha256 of the normalised parts, truncated to 16 hex digits (64 bits). */
export function fingerprint(input: FingerprintInput, renames?: RenameMap): string {
  const parts = [
    VERSION,
    currentPath(input.path, renames),
    normalizeCode(input.original),
    normalizeTitle(input.title),
  ];
  return createHash("sha256").update(parts.join("\0")).digest("hex").slice(0, LENGTH);
}

/** The fingerprint of a placed finding (its verified head lines). */
export function fingerprintPlaced(placed: PlacedFinding, renames?: RenameMap): string {
  return fingerprint({ path: placed.path, original: placed.original, title: placed.finding.title }, renames);
}

/**
 * The fingerprint of a finding as the model wrote it, for findings that could not be placed inline:
 * a dismissed finding must not come back in the review body either.
 */
export function fingerprintFinding(finding: Finding, renames?: RenameMap): string {
  return fingerprint(
    { path: finding.path, original: splitModelLines(finding.original_code), title: finding.title },
    renames,
  );
}

/** Whether a string has the shape of a fingerprint. */
export function isFingerprint(value: string): boolean {
  return /^[0-9a-f]{16}$/.test(value);
}
