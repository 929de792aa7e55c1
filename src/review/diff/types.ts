import type { ChangedFileStatus } from "../ports.js";

/** `add` exists only in the head, `del` only in the base, `context` in both. */
export type DiffLineKind = "add" | "del" | "context";

export interface DiffLine {
  kind: DiffLineKind;
  /** The line's text without the diff marker and without its line terminator. */
  text: string;
  /** Base-file line number (GitHub's LEFT side); null for added lines. */
  oldLine: number | null;
  /** Head-file line number (GitHub's RIGHT side); null for removed lines. */
  newLine: number | null;
  /** The line ended with CRLF in the file it comes from (the patch keeps the `\r`). */
  crlf: boolean;
  /** Followed by "\ No newline at end of file": the last line of its file has no terminator. */
  noEol: boolean;
}

export interface Hunk {
  /** Position of the hunk in its file, from 0. */
  index: number;
  /** First base line of the hunk; for an empty base side, the line the hunk would follow + 1. */
  oldStart: number;
  oldLines: number;
  /** First head line of the hunk; for an empty head side, the line the hunk would follow + 1. */
  newStart: number;
  newLines: number;
  /** The text git prints after the second `@@` (usually the enclosing function); may be empty. */
  section: string;
  lines: DiffLine[];
  /** The head lines `newStart..newStart+newLines-1`, in order: every one of them is commentable. */
  right: DiffLine[];
  /** The base lines `oldStart..oldStart+oldLines-1`, in order. */
  left: DiffLine[];
}

/**
 * Why a changed file has no line that can carry a comment. GitHub omits `patch` for binary files and
 * for diffs it considers too large; a rename or mode change without content change has an empty one.
 */
export type MissingPatchReason = "binary_or_too_large" | "no_content_change" | "malformed";

/** One changed file with its diff parsed into hunks and line maps. */
export interface FilePatch {
  /** Path in the head (the new name for renames and copies). */
  path: string;
  previousPath: string | null;
  status: ChangedFileStatus;
  hunks: Hunk[];
  /** Null when the file has hunks; otherwise why it has none. */
  missing: MissingPatchReason | null;
  additions: number;
  deletions: number;
  /** Largest head line number shown in the diff (0 when none); sizes the prompt's number column. */
  maxNewLine: number;
}
