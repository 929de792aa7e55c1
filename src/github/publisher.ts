import type {
  NewReview,
  PullRequestRef,
  ReactionContent,
  RepoRef,
  ReviewPublisher,
} from "../review/ports.js";
import type { GitHubClient } from "./client.js";
import { translate } from "./errors.js";

/** Writes to pull requests through an installation client. */
export class GitHubPublisher implements ReviewPublisher {
  constructor(private readonly octokit: GitHubClient) {}

  async createReview(pr: PullRequestRef, review: NewReview): Promise<{ id: number }> {
    const { data } = await translate(`create review on ${pr.owner}/${pr.repo}#${pr.pullNumber}`, () =>
      this.octokit.rest.pulls.createReview({
        owner: pr.owner,
        repo: pr.repo,
        pull_number: pr.pullNumber,
        commit_id: review.commitId,
        // Without an event the review stays pending, and pending suggestions cannot be committed.
        event: "COMMENT",
        body: review.body,
        comments: review.comments,
      }),
    );
    return { id: data.id };
  }

  async createIssueComment(pr: PullRequestRef, body: string): Promise<{ id: number }> {
    const { data } = await translate(`comment on ${pr.owner}/${pr.repo}#${pr.pullNumber}`, () =>
      this.octokit.rest.issues.createComment({
        owner: pr.owner,
        repo: pr.repo,
        issue_number: pr.pullNumber,
        body,
      }),
    );
    return { id: data.id };
  }

  async reactToIssueComment(repo: RepoRef, commentId: number, content: ReactionContent): Promise<void> {
    await translate(`react to comment ${commentId} in ${repo.owner}/${repo.repo}`, () =>
      this.octokit.rest.reactions.createForIssueComment({
        owner: repo.owner,
        repo: repo.repo,
        comment_id: commentId,
        content,
      }),
    );
  }
}
