/**
 * Ports for `@codex apply`: reading the review comments of a pull request and writing one commit
 * to its head branch. Real adapters: `src/github/suggestions.ts`, `src/github/commit.ts`.
 */
import type { PullRequestInfo, PullRequestRef, ReviewSide } from "./ports.js";

/**
 * One entry of `GET /pulls/{n}/comments` (review comments, replies included), as `@codex apply` and
 * thread answers read it. Structural on purpose: the `PullReviewComment` of `ports-threads.ts`
 * fits it, so either reader can feed the apply planner.
 */
export interface SuggestionComment {
  id: number;
  body: string;
  /** Login of the author in REST form (`<slug>[bot]` for the app); null for a deleted account. */
  author: string | null;
  path: string;
  /** Last line of the range on the current diff; null once the thread is outdated. */
  line: number | null;
  /** First line of a multi-line range on the current diff; null for one line or when outdated. */
  startLine: number | null;
  side: ReviewSide | null;
  /** Side of the range's first line; absent or null for one line. */
  startSide?: ReviewSide | null;
  /** The line and start line when the comment was posted, on `originalCommitId`. */
  originalLine: number | null;
  originalStartLine: number | null;
  /** The commit `line` refers to (moves with the head while the lines stay unchanged). */
  commitId: string;
  originalCommitId: string;
  /** The diff hunk down to the commented line, as it was when the comment was posted. */
  diffHunk: string;
  /** The root comment of the thread for replies; null for a thread's first comment. */
  inReplyToId: number | null;
  createdAt: string;
}

export interface ReviewCommentReader {
  /** Every review comment of the pull request (all pages), oldest first. */
  listReviewComments(pr: PullRequestRef): Promise<SuggestionComment[]>;
}

/** A file's new content, byte for byte; its mode (executable bit, …) is kept from the head. */
export interface FileWrite {
  path: string;
  bytes: Uint8Array;
}

export interface HeadCommit {
  /** The full commit message (subject, blank line, body, trailers). */
  message: string;
  files: readonly FileWrite[];
}

export interface SuggestionCommitter {
  /**
   * Writes one commit on the pull request's head branch, whose parent is `pr.headSha` and whose
   * tree is the head's with `files` replaced; the branch moves only by fast-forward.
   *
   * Throws `StaleHeadError` when the branch no longer points at `pr.headSha` (checked before any
   * write, and again by GitHub at the ref update), and `ApplyRefusedError` when the app may not push
   * there (a fork without maintainer edits, no `contents: write` permission, the branch is gone).
   */
  commitToHead(pr: PullRequestInfo, commit: HeadCommit): Promise<{ sha: string }>;
}
