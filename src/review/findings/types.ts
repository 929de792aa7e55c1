import type { Finding } from "./schema.js";

/** How a finding's range was found in the diff. */
export type AnchorKind =
  /** The cited lines hold exactly the quoted text. */
  | "exact"
  /** The cited lines hold the quote except for whitespace. */
  | "whitespace"
  /** The quote was found at other lines of the file's diff, and the range moved there. */
  | "moved";

/** What goes under the finding's text in its inline comment. */
export type PlacedFix =
  /** A verified ```suggestion``` block: `lines` replace the whole range (none = delete it). */
  | { kind: "suggestion"; lines: string[] }
  /** A fix that failed a check: shown as a ```diff``` block, not committable. */
  | { kind: "diff"; original: string[]; replacement: string[]; reason: string }
  /** No fix (none was offered, or it changed nothing). */
  | { kind: "none"; reason: string | null };

export interface PlacedFinding {
  finding: Finding;
  /** The file's path in the head, as GitHub lists it. */
  path: string;
  /** First and last head (RIGHT) line of the range; both in the same hunk. */
  startLine: number;
  endLine: number;
  anchor: AnchorKind;
  /** The head lines of the range, as the diff shows them. */
  original: string[];
  fix: PlacedFix;
}

export type UnplacedCode =
  "file_not_in_diff" | "file_without_diff" | "empty_quote" | "quote_not_found" | "ambiguous_quote";

export interface UnplacedFinding {
  finding: Finding;
  code: UnplacedCode;
  /** One sentence for the review body. */
  reason: string;
  /** The fix the model offered, for the body's diff block; null when it offered none. */
  fix: { original: string[]; replacement: string[] } | null;
}

export interface PlacementResult {
  placed: PlacedFinding[];
  unplaced: UnplacedFinding[];
}
