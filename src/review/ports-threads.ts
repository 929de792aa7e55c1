import type { PullRequestRef, ReactionContent, RepoRef, ReviewSide } from "./ports.js";

/**
 * Ports for the conversation around posted findings: review threads, their comments, reactions,
 * replies and resolution. Logins are always in REST form: a GitHub App's bot is `slug[bot]`, even
 * where GraphQL calls it `slug`.
 */

/** One comment of a review thread, oldest first. */
export interface ThreadComment {
  /** REST id of the comment. */
  databaseId: number;
  body: string;
  /** REST-form login; null for a deleted account. */
  author: string | null;
  /** True for apps and other bots. */
  authorIsBot: boolean;
  createdAt: string;
}

/** A review thread, as GraphQL `pullRequest.reviewThreads` reports it. */
export interface ReviewThread {
  /** GraphQL node id (`PRRT_…`): what `resolveThread` takes. */
  id: string;
  isResolved: boolean;
  /** The commented lines changed since: GitHub shows the thread as outdated. */
  isOutdated: boolean;
  path: string;
  /** Head line of the thread now; null when outdated. */
  line: number | null;
  /** REST-form login of who resolved it; null when unresolved or not reported. */
  resolvedBy: string | null;
  resolvedByBot: boolean;
  /** Every comment (all pages), the thread's first comment first. */
  comments: ThreadComment[];
}

/** A review comment, as `GET /pulls/{n}/comments` lists it. */
export interface PullReviewComment {
  id: number;
  nodeId: string;
  /** The thread's first comment for replies; null for a thread's first comment. */
  inReplyToId: number | null;
  author: string | null;
  authorIsBot: boolean;
  body: string;
  path: string;
  /** Current head lines; null once outdated. */
  line: number | null;
  startLine: number | null;
  /** Lines in the commit the comment was made on. */
  originalLine: number | null;
  originalStartLine: number | null;
  side: ReviewSide;
  /** The diff hunk up to the commented line, as GitHub stored it when the comment was made. */
  diffHunk: string;
  commitId: string;
  originalCommitId: string;
  createdAt: string;
  /** Count of 👎 reactions (GitHub's rollup); details come from `listCommentReactions`. */
  thumbsDown: number;
}

export interface CommentReaction {
  content: ReactionContent;
  /** REST-form login; null for a deleted account. */
  user: string | null;
  userIsBot: boolean;
}

export interface ReviewThreadReader {
  /** Every review thread of the PR with every comment (GraphQL, paginated). */
  listReviewThreads(pr: PullRequestRef): Promise<ReviewThread[]>;
  /** Every review comment of the PR, replies included (REST, paginated). */
  listReviewComments(pr: PullRequestRef): Promise<PullReviewComment[]>;
  /** The comments of one review, e.g. to learn the ids of the comments just posted. */
  listReviewCommentsOfReview(pr: PullRequestRef, reviewId: number): Promise<PullReviewComment[]>;
  /** Reactions on one review comment, optionally only one kind. */
  listCommentReactions(
    repo: RepoRef,
    commentId: number,
    content?: ReactionContent,
  ): Promise<CommentReaction[]>;
}

/** Where a reply's thread lives; GitHub's schema requires it although a reply takes its parent's place. */
export interface ReplyAnchor {
  path: string;
  commitId: string;
}

export interface ReviewThreadWriter {
  /**
   * Replies in the thread of `commentId`. Without `anchor`, the parent comment is read first to fill
   * the fields GitHub's schema requires.
   */
  replyToReviewComment(
    pr: PullRequestRef,
    commentId: number,
    body: string,
    anchor?: ReplyAnchor,
  ): Promise<{ id: number }>;
  /** Resolves a review thread by its GraphQL node id. */
  resolveThread(threadId: string): Promise<void>;
}
