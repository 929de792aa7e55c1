import type {
  CheckRunPublisher,
  CheckRunState,
  NewReview,
  PullRequestRef,
  ReactionContent,
  RepoRef,
  ReviewPublisher,
} from "../review/ports.js";
import type { GitHubClient } from "./client.js";
import { createOnce } from "./create-once.js";
import { translate } from "./errors.js";

export const CHECK_RUN_NAME = "Codex review";

function checkRunFields(state: CheckRunState) {
  const now = new Date().toISOString();
  return {
    status: state.status,
    ...(state.status === "completed" ? { conclusion: state.conclusion ?? "neutral", completed_at: now } : {}),
    ...(state.status === "in_progress" ? { started_at: now } : {}),
    output: {
      // GitHub's limits: title 255 characters (our titles are short), summary and text 65,535.
      title: state.title.slice(0, 255),
      summary: state.summary.slice(0, 65_535),
      ...(state.text ? { text: state.text.slice(0, 65_535) } : {}),
    },
  };
}

/** Writes to pull requests through an installation client. */
export class GitHubPublisher implements ReviewPublisher, CheckRunPublisher {
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

  /**
   * Creates the run of one review request. `externalId` (the request's key) finds the run again
   * when GitHub stored it but the answer was lost, so a retry never makes a second run.
   */
  async createCheckRun(
    repo: RepoRef,
    headSha: string,
    state: CheckRunState,
    externalId?: string,
  ): Promise<{ id: number }> {
    const create = async () => {
      const { data } = await this.octokit.rest.checks.create({
        owner: repo.owner,
        repo: repo.repo,
        name: CHECK_RUN_NAME,
        head_sha: headSha,
        ...(externalId === undefined ? {} : { external_id: externalId.slice(0, 255) }),
        ...checkRunFields(state),
      });
      return { id: data.id };
    };
    const what = `create check run on ${repo.owner}/${repo.repo}@${headSha}`;
    if (externalId === undefined) return translate(what, create);
    return createOnce(what, create, async () => {
      const id = await this.findCheckRun(repo, headSha, externalId);
      return id === null ? null : { id };
    });
  }

  /** Our first run of `externalId` on a commit, if GitHub has one. */
  async findCheckRun(repo: RepoRef, headSha: string, externalId: string): Promise<number | null> {
    const runs = await translate(`list check runs on ${repo.owner}/${repo.repo}@${headSha}`, () =>
      this.octokit.paginate(this.octokit.rest.checks.listForRef, {
        owner: repo.owner,
        repo: repo.repo,
        ref: headSha,
        check_name: CHECK_RUN_NAME,
        filter: "all",
        per_page: 100,
      }),
    );
    // The oldest is the one a lost answer created; any later one was made by someone else.
    const ids = runs.filter((run) => run.external_id === externalId.slice(0, 255)).map((run) => run.id);
    return ids.length === 0 ? null : Math.min(...ids);
  }

  async updateCheckRun(repo: RepoRef, checkRunId: number, state: CheckRunState): Promise<void> {
    await translate(`update check run ${checkRunId} on ${repo.owner}/${repo.repo}`, () =>
      this.octokit.rest.checks.update({
        owner: repo.owner,
        repo: repo.repo,
        check_run_id: checkRunId,
        ...checkRunFields(state),
      }),
    );
  }
}
