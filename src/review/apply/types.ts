import type { FileWrite, SuggestionComment } from "../ports-commits.js";

/** A suggestion that made it into the commit. */
export interface AppliedSuggestion {
  commentId: number;
  path: string;
  startLine: number;
  endLine: number;
  /** The first line of the comment, as plain text (for the commit message and the reply). */
  title: string;
}

/** A suggestion the bot posted that is not in the commit, and why (one short clause). */
export interface SkippedSuggestion {
  commentId: number;
  path: string;
  reason: string;
}

export interface ApplyInput {
  /** Every review comment of the pull request (`GET /pulls/{n}/comments`). */
  comments: readonly SuggestionComment[];
  /** The app's bot login (`<slug>[bot]`): only its suggestions are applied. */
  botLogin: string;
  /** The head SHA the contents were read at; the commit's parent. */
  headSha: string;
  /** The exact bytes at the head of every path {@link pathsToRead} named; null when it is not a file there. */
  headContents: ReadonlyMap<string, Uint8Array | null>;
  /** Comments not to apply, with the reason (threads dismissed with `ignore`, say). Default none. */
  excluded?: ReadonlyMap<number, string>;
  /** Files larger than this are not re-parsed and their suggestions are skipped. Default 1,000,000. */
  maxParseCheckChars?: number;
}

export interface ApplyPlan {
  /** New bytes of every file that changes; empty when there is nothing to commit. */
  files: FileWrite[];
  applied: AppliedSuggestion[];
  skipped: SkippedSuggestion[];
}

/** A suggestion that passed the cheap checks, ready to be verified against the head. */
export interface Candidate {
  comment: SuggestionComment;
  path: string;
  start: number;
  end: number;
  /** The range's lines as the comment saw them (from its diff hunk). */
  original: string[];
  replacement: string[];
  title: string;
}
