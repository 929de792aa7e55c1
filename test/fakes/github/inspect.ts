import { renderCheckRun } from "./checks.js";
import type { AppInfo } from "./handler.js";
import { renderIssueComment } from "./issues.js";
import { renderReaction } from "./reactions.js";
import { resolveRef } from "./refs.js";
import type { Urls } from "./render-common.js";
import { renderPull } from "./render-pull.js";
import { renderReview, renderReviewComment } from "./render-review.js";
import { repoKey, type FakeState, type PullRecord, type ReactionSubject } from "./state.js";
import { rootOf, threadFor } from "./threads.js";

type Json = Record<string, unknown>;

/** A review thread as the fake holds it (the GraphQL view, in plain data). */
export interface ThreadView {
  /** GraphQL node id (`PRRT_…`), what `resolveReviewThread` takes. */
  id: string;
  isResolved: boolean;
  isOutdated: boolean;
  path: string;
  line: number | null;
  comments: Array<{ id: number; body: string; author: string }>;
}

/** Read-only views of the fake's state, rendered as GitHub would answer them. */
export class Inspector {
  protected app!: AppInfo;

  constructor(
    protected state: FakeState,
    protected readonly urls: Urls,
  ) {}

  private pull(owner: string, repo: string, number: number): PullRecord | undefined {
    return this.state.pull(repoKey(owner, repo), number);
  }

  /** The pull request as `GET /pulls/{n}` returns it, or undefined. */
  pullRequest(owner: string, repo: string, number: number): Json | undefined {
    const pull = this.pull(owner, repo, number);
    return pull ? renderPull(this.state, pull, this.urls) : undefined;
  }

  /** Every review of the PR (pending ones too), each with its `comments`. */
  reviews(owner: string, repo: string, number: number): Array<Json & { comments: Json[] }> {
    const key = repoKey(owner, repo);
    return this.state.reviews
      .filter((r) => r.repoKey === key && r.pullNumber === number)
      .map((review) => ({
        ...renderReview(this.state, review, this.urls),
        comments: this.state.reviewComments
          .filter((c) => c.reviewId === review.id)
          .map((c) => renderReviewComment(this.state, c, this.urls)),
      }));
  }

  /** Every review comment of the PR, replies included, oldest first. */
  reviewComments(owner: string, repo: string, number: number): Json[] {
    const key = repoKey(owner, repo);
    return this.state.reviewComments
      .filter((c) => c.repoKey === key && c.pullNumber === number)
      .map((c) => renderReviewComment(this.state, c, this.urls));
  }

  /** Comments on the PR conversation, oldest first. */
  issueComments(owner: string, repo: string, number: number): Json[] {
    const key = repoKey(owner, repo);
    return this.state.issueComments
      .filter((c) => c.repoKey === key && c.issueNumber === number)
      .map((c) => renderIssueComment(this.state, this.app, c, this.urls));
  }

  /** Reactions in a repository, optionally on one subject (`issue` takes the PR number). */
  reactions(owner: string, repo: string, subject?: { type: ReactionSubject; id: number }): Json[] {
    const key = repoKey(owner, repo);
    return this.state.reactions
      .filter(
        (r) =>
          r.repoKey === key && (!subject || (r.subjectType === subject.type && r.subjectId === subject.id)),
      )
      .map((r) => ({
        ...renderReaction(r, this.urls),
        subject_type: r.subjectType,
        subject_id: r.subjectId,
      }));
  }

  /** Check runs of a repository, optionally for one head SHA, oldest first. */
  checkRuns(owner: string, repo: string, headSha?: string): Json[] {
    const key = repoKey(owner, repo);
    return this.state.checkRuns
      .filter((r) => r.repoKey === key && (headSha === undefined || r.headSha === headSha))
      .map((r) => renderCheckRun(this.state, this.app, r, this.urls));
  }

  /** Review threads of the PR (a root comment and its replies). */
  threads(owner: string, repo: string, number: number): ThreadView[] {
    const key = repoKey(owner, repo);
    const comments = this.state.reviewComments.filter((c) => c.repoKey === key && c.pullNumber === number);
    return comments
      .filter((c) => c.inReplyToId === null)
      .map((root) => {
        const thread = threadFor(this.state, root);
        return {
          id: thread.nodeId,
          isResolved: thread.isResolved,
          isOutdated: root.line === null && root.subjectType === "line",
          path: root.path,
          line: root.line,
          comments: comments
            .filter((c) => rootOf(this.state, c).id === root.id)
            .map((c) => ({ id: c.id, body: c.body, author: c.user.login })),
        };
      });
  }

  /** The commit SHA a branch, tag or SHA resolves to. */
  resolveRef(owner: string, repo: string, ref: string): string | undefined {
    const record = this.state.repo(owner, repo);
    return record ? resolveRef(this.state, record, ref) : undefined;
  }

  /** Every file's text at a ref (branch, tag or commit SHA). */
  filesAt(owner: string, repo: string, ref: string): Record<string, string> {
    const sha = this.resolveRef(owner, repo, ref);
    const commit = sha ? this.state.objects.commit(sha) : undefined;
    return commit ? this.state.objects.contentsOf(commit.tree) : {};
  }

  /** One file's text at a ref, or undefined. */
  fileAt(owner: string, repo: string, ref: string, path: string): string | undefined {
    return this.filesAt(owner, repo, ref)[path];
  }

  /** One file's exact bytes at a ref, or undefined: for files that are not UTF-8. */
  fileBytesAt(owner: string, repo: string, ref: string, path: string): Buffer | undefined {
    const sha = this.resolveRef(owner, repo, ref);
    const commit = sha ? this.state.objects.commit(sha) : undefined;
    const entry = commit ? this.state.objects.flatten(commit.tree).get(path) : undefined;
    return entry?.type === "blob" ? this.state.objects.blob(entry.sha) : undefined;
  }
}
