import type { PullRequestRef } from "../ports.js";
import type {
  CommentReaction,
  PullReviewComment,
  ReviewThread,
  ReviewThreadReader,
} from "../ports-threads.js";
import { sameLogin } from "../identity.js";
import { parseFindingMarker } from "./marker.js";

/** What the ledger reads from GitHub about a PR's conversation, once per review. */
export interface GitHubThreadState {
  threads: ReviewThread[];
  comments: PullReviewComment[];
  /** 👎 reactions by comment id, for the bot's finding comments whose rollup counts any. */
  thumbsDown: ReadonlyMap<number, CommentReaction[]>;
}

export { sameLogin };

/** A thread's first comment by the bot carrying a finding marker: the finding's comment. */
export function isFindingComment(comment: PullReviewComment, botLogin: string): boolean {
  return (
    comment.inReplyToId === null &&
    sameLogin(comment.author, botLogin) &&
    parseFindingMarker(comment.body) !== null
  );
}

/**
 * Reads threads and comments together, then the 👎 details only where GitHub's rollup says there are
 * some: one request per disliked comment instead of one per comment.
 */
export async function readGitHubState(
  github: ReviewThreadReader,
  pr: PullRequestRef,
  botLogin: string,
): Promise<GitHubThreadState> {
  const [threads, comments] = await Promise.all([
    github.listReviewThreads(pr),
    github.listReviewComments(pr),
  ]);
  const thumbsDown = new Map<number, CommentReaction[]>();
  for (const comment of comments) {
    if (comment.thumbsDown === 0 || !isFindingComment(comment, botLogin)) continue;
    thumbsDown.set(comment.id, await github.listCommentReactions(pr, comment.id, "-1"));
  }
  return { threads, comments, thumbsDown };
}
