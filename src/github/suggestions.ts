import type { RestEndpointMethodTypes } from "@octokit/rest";
import type { SuggestionComment, ReviewCommentReader } from "../review/ports-commits.js";
import type { PullRequestRef, ReviewSide } from "../review/ports.js";
import type { GitHubClient } from "./client.js";
import { translate } from "./errors.js";

type RawComment = RestEndpointMethodTypes["pulls"]["listReviewComments"]["response"]["data"][number];

function side(value: string | null | undefined): ReviewSide | null {
  return value === "LEFT" || value === "RIGHT" ? value : null;
}

function toComment(c: RawComment): SuggestionComment {
  return {
    id: c.id,
    body: c.body,
    author: c.user?.login ?? "",
    path: c.path,
    line: c.line ?? null,
    startLine: c.start_line ?? null,
    side: side(c.side),
    startSide: side(c.start_side),
    originalLine: c.original_line ?? null,
    originalStartLine: c.original_start_line ?? null,
    commitId: c.commit_id,
    originalCommitId: c.original_commit_id,
    diffHunk: c.diff_hunk,
    inReplyToId: c.in_reply_to_id ?? null,
    createdAt: c.created_at,
  };
}

/** Reads a pull request's review comments (the bot's suggestions among them). */
export class GitHubSuggestionReader implements ReviewCommentReader {
  constructor(private readonly octokit: GitHubClient) {}

  async listReviewComments(pr: PullRequestRef): Promise<SuggestionComment[]> {
    const comments = await translate(`list review comments of ${pr.owner}/${pr.repo}#${pr.pullNumber}`, () =>
      this.octokit.paginate(this.octokit.rest.pulls.listReviewComments, {
        owner: pr.owner,
        repo: pr.repo,
        pull_number: pr.pullNumber,
        per_page: 100,
      }),
    );
    return comments.map(toComment);
  }
}
