import type { PullRequestRef, ReactionContent, RepoRef } from "../review/ports.js";
import type {
  CommentReaction,
  PullReviewComment,
  ReplyAnchor,
  ReviewThread,
  ReviewThreadReader,
  ReviewThreadWriter,
  ThreadComment,
} from "../review/ports-threads.js";
import type { GitHubClient } from "./client.js";
import { translate } from "./errors.js";
import {
  RESOLVE_THREAD_MUTATION,
  REVIEW_THREADS_QUERY,
  THREAD_COMMENTS_QUERY,
  restLogin,
  translateGraphql,
  type GqlComment,
  type GqlThread,
  type ReviewThreadsAnswer,
  type ThreadCommentsAnswer,
} from "./threads-graphql.js";

function label(pr: PullRequestRef): string {
  return `${pr.owner}/${pr.repo}#${pr.pullNumber}`;
}

/** The fields of a REST review comment we read (both the PR listing and a review's listing). */
interface RestReviewComment {
  id: number | bigint;
  node_id: string;
  in_reply_to_id?: number | null;
  user: { login: string; type?: string } | null;
  body: string;
  path: string;
  line?: number | null;
  start_line?: number | null;
  original_line?: number | null;
  original_start_line?: number | null;
  side?: "LEFT" | "RIGHT" | null;
  diff_hunk: string;
  commit_id: string;
  original_commit_id: string;
  created_at: string;
  reactions?: { "-1"?: number };
}

function isBotUser(user: { login: string; type?: string } | null): boolean {
  return user !== null && (user.type === "Bot" || user.login.endsWith("[bot]"));
}

function toReviewComment(c: RestReviewComment): PullReviewComment {
  return {
    id: Number(c.id),
    nodeId: c.node_id,
    inReplyToId: c.in_reply_to_id ?? null,
    author: c.user?.login ?? null,
    authorIsBot: isBotUser(c.user),
    body: c.body,
    path: c.path,
    line: c.line ?? null,
    startLine: c.start_line ?? null,
    originalLine: c.original_line ?? null,
    originalStartLine: c.original_start_line ?? null,
    side: c.side ?? "RIGHT",
    diffHunk: c.diff_hunk,
    commitId: c.commit_id,
    originalCommitId: c.original_commit_id,
    createdAt: c.created_at,
    thumbsDown: c.reactions?.["-1"] ?? 0,
  };
}

function toThreadComment(c: GqlComment): ThreadComment {
  const { login, isBot } = restLogin(c.author);
  return {
    databaseId: c.databaseId,
    body: c.body,
    author: login,
    authorIsBot: isBot,
    createdAt: c.createdAt,
  };
}

/** Reads and writes review threads through an installation client. */
export class GitHubThreads implements ReviewThreadReader, ReviewThreadWriter {
  constructor(private readonly octokit: GitHubClient) {}

  async listReviewThreads(pr: PullRequestRef): Promise<ReviewThread[]> {
    const threads: ReviewThread[] = [];
    let after: string | null = null;
    do {
      const answer: ReviewThreadsAnswer = await translateGraphql(`list review threads of ${label(pr)}`, () =>
        this.octokit.graphql<ReviewThreadsAnswer>(REVIEW_THREADS_QUERY, {
          owner: pr.owner,
          name: pr.repo,
          number: pr.pullNumber,
          after,
        }),
      );
      const page = answer.repository?.pullRequest?.reviewThreads;
      if (!page) break;
      for (const node of page.nodes) threads.push(await this.completeThread(node));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after !== null);
    return threads;
  }

  /** Threads with more than a page of comments are finished one page at a time. */
  private async completeThread(node: GqlThread): Promise<ReviewThread> {
    const comments = node.comments.nodes.map(toThreadComment);
    let after = node.comments.pageInfo.hasNextPage ? node.comments.pageInfo.endCursor : null;
    while (after !== null) {
      const answer: ThreadCommentsAnswer = await translateGraphql(`list comments of thread ${node.id}`, () =>
        this.octokit.graphql<ThreadCommentsAnswer>(THREAD_COMMENTS_QUERY, { id: node.id, after }),
      );
      const page = answer.node?.comments;
      if (!page) break;
      comments.push(...page.nodes.map(toThreadComment));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    }
    const resolver = node.isResolved ? restLogin(node.resolvedBy) : { login: null, isBot: false };
    return {
      id: node.id,
      isResolved: node.isResolved,
      isOutdated: node.isOutdated,
      path: node.path,
      line: node.line,
      resolvedBy: resolver.login,
      resolvedByBot: resolver.isBot,
      comments,
    };
  }

  async listReviewComments(pr: PullRequestRef): Promise<PullReviewComment[]> {
    const comments = await translate(`list review comments of ${label(pr)}`, () =>
      this.octokit.paginate(this.octokit.rest.pulls.listReviewComments, {
        owner: pr.owner,
        repo: pr.repo,
        pull_number: pr.pullNumber,
        per_page: 100,
      }),
    );
    return (comments as RestReviewComment[]).map(toReviewComment);
  }

  async listReviewCommentsOfReview(pr: PullRequestRef, reviewId: number): Promise<PullReviewComment[]> {
    const comments = await translate(`list comments of review ${reviewId} on ${label(pr)}`, () =>
      this.octokit.paginate(this.octokit.rest.pulls.listCommentsForReview, {
        owner: pr.owner,
        repo: pr.repo,
        pull_number: pr.pullNumber,
        review_id: reviewId,
        per_page: 100,
      }),
    );
    return (comments as RestReviewComment[]).map(toReviewComment);
  }

  async listCommentReactions(
    repo: RepoRef,
    commentId: number,
    content?: ReactionContent,
  ): Promise<CommentReaction[]> {
    const reactions = await translate(
      `list reactions of comment ${commentId} in ${repo.owner}/${repo.repo}`,
      () =>
        this.octokit.paginate(this.octokit.rest.reactions.listForPullRequestReviewComment, {
          owner: repo.owner,
          repo: repo.repo,
          comment_id: commentId,
          per_page: 100,
          ...(content === undefined ? {} : { content }),
        }),
    );
    return reactions.map((r) => ({
      content: r.content as ReactionContent,
      user: r.user?.login ?? null,
      userIsBot: isBotUser(r.user),
    }));
  }

  async replyToReviewComment(
    pr: PullRequestRef,
    commentId: number,
    body: string,
    anchor?: ReplyAnchor,
  ): Promise<{ id: number }> {
    const where = anchor ?? (await this.anchorOf(pr, commentId));
    // `POST /pulls/comments/{id}/replies` is not enabled for GitHub Apps: a reply is a review
    // comment with `in_reply_to`. GitHub then ignores path and commit, but its schema requires them.
    const { data } = await translate(`reply to comment ${commentId} on ${label(pr)}`, () =>
      this.octokit.rest.pulls.createReviewComment({
        owner: pr.owner,
        repo: pr.repo,
        pull_number: pr.pullNumber,
        body,
        in_reply_to: commentId,
        commit_id: where.commitId,
        path: where.path,
      }),
    );
    return { id: Number(data.id) };
  }

  private async anchorOf(pr: PullRequestRef, commentId: number): Promise<ReplyAnchor> {
    const { data } = await translate(`get comment ${commentId} on ${label(pr)}`, () =>
      this.octokit.rest.pulls.getReviewComment({ owner: pr.owner, repo: pr.repo, comment_id: commentId }),
    );
    return { path: data.path, commitId: data.commit_id };
  }

  async resolveThread(threadId: string): Promise<void> {
    await translateGraphql(`resolve thread ${threadId}`, () =>
      this.octokit.graphql(RESOLVE_THREAD_MUTATION, { threadId }),
    );
  }
}
