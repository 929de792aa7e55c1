/**
 * The review domain's view of the outside world. Each port has one real adapter (`src/github`,
 * `src/model`, `src/state`) and, for GitHub and the model, one fake at the network boundary
 * (`test/fakes`); the domain imports only these types.
 */

/** A repository, by owner login and name. */
export interface RepoRef {
  owner: string;
  repo: string;
}

/** A pull request in a repository. */
export interface PullRequestRef extends RepoRef {
  pullNumber: number;
}

export interface PullRequestInfo {
  number: number;
  title: string;
  /** The description; empty string when the author left it blank. */
  body: string;
  draft: boolean;
  state: "open" | "closed";
  author: string;
  headSha: string;
  headRef: string;
  /** `owner/name` of the repository the head branch lives in (differs from base for forks). */
  headRepoFullName: string | null;
  baseSha: string;
  baseRef: string;
  baseRepoFullName: string;
  /** The base repository's default branch: configuration and guidelines are read from it. */
  defaultBranch: string;
  /** Whether maintainers (and so this app) may push to a fork's head branch. */
  maintainerCanModify: boolean;
  /** The PR's web page (`https://github.com/o/r/pull/1`); the review body links lines from it. */
  htmlUrl?: string;
  /**
   * How many files the PR changes (`changed_files`): the true count, where the file listing stops
   * at 3,000. Unknown (taken as the listing's length) when absent.
   */
  changedFiles?: number;
}

export type ChangedFileStatus =
  "added" | "removed" | "modified" | "renamed" | "copied" | "changed" | "unchanged";

/** One entry of `GET /pulls/{n}/files`. */
export interface ChangedFile {
  path: string;
  /** The path before a rename or copy; null otherwise. */
  previousPath: string | null;
  status: ChangedFileStatus;
  /** The unified diff of this file; null for binary files and diffs GitHub considers too large. */
  patch: string | null;
  additions: number;
  deletions: number;
  changes: number;
}

/** The files between two commits, and whether that is all of them. */
export interface Comparison {
  files: ChangedFile[];
  /**
   * False when the listing may have stopped short: GitHub's compare names at most 300 files and
   * does not say when it stopped, so a listing of 300 is taken as cut.
   */
  complete: boolean;
}

/** A collaborator's effective permission on a repository, as GitHub reports it. */
export type RepoPermission = "admin" | "maintain" | "write" | "triage" | "read" | "none";

export interface PullRequestReader {
  getPullRequest(pr: PullRequestRef): Promise<PullRequestInfo>;
  /** Every changed file (all pages; GitHub stops at 3000). */
  listFiles(pr: PullRequestRef): Promise<ChangedFile[]>;
  /** A file's text at a ref, or null when it does not exist there (or is not a file). */
  getFileContent(repo: RepoRef, path: string, ref: string): Promise<string | null>;
  /** A file's exact bytes at a ref (what `apply` rewrites), or null as for {@link getFileContent}. */
  getFileBytes(repo: RepoRef, path: string, ref: string): Promise<Uint8Array | null>;
  /** The commit a branch points at, or null when the repository has no such branch. */
  getBranchSha(repo: RepoRef, branch: string): Promise<string | null>;
  /**
   * The paths of every file of a commit, in one listing; null when the commit is unknown. A
   * commit's files never change, so a listing may be kept for as long as one likes.
   */
  listTree(repo: RepoRef, commitSha: string): Promise<RepoTree | null>;
  getPermission(repo: RepoRef, username: string): Promise<RepoPermission>;
  /**
   * The id of a review on the PR written by `author` (REST login, e.g. the app's `<slug>[bot]`) whose
   * body contains `marker`, or null. Anyone can paste a marker into a review: only the author counts.
   */
  findReviewWithMarker(pr: PullRequestRef, marker: string, author: string): Promise<number | null>;
  /**
   * The files changed from `base` to `head` (GitHub's compare API), or null when `base` is no longer
   * an ancestor of `head` (a force-push dropped it) or is unknown to GitHub.
   */
  compare(repo: RepoRef, base: string, head: string): Promise<Comparison | null>;
  /**
   * Every path that differs between the merge base of `base` and `head` and `head` (no rename
   * detection), for PRs whose file listing stops short; null when the repository's trees are too
   * large for GitHub to list whole.
   */
  changedPaths(repo: RepoRef, base: string, head: string): Promise<string[] | null>;
  /** The SHAs of the pull request's commits, oldest first (GitHub lists at most 250). */
  listCommits(pr: PullRequestRef): Promise<string[]>;
  /** The latest comments of the PR conversation, oldest first. */
  listIssueComments(pr: PullRequestRef, max: number): Promise<IssueComment[]>;
}

/** The files of one commit. */
export interface RepoTree {
  /** Paths of files (blobs), not of directories or submodules. */
  paths: string[];
  /**
   * True when the listing stopped early (GitHub lists at most 100,000 entries or 7 MB): a path
   * missing from `paths` may then still exist.
   */
  truncated: boolean;
}

/** A comment of a PR conversation. */
export interface IssueComment {
  id: number;
  /** REST login (`<slug>[bot]` for apps); null for a deleted account. */
  author: string | null;
  body: string;
  createdAt: string;
}

export type ReviewSide = "LEFT" | "RIGHT";

/** One inline comment of a review, in the shape `POST /pulls/{n}/reviews` takes. */
export interface ReviewComment {
  path: string;
  body: string;
  line: number;
  side: ReviewSide;
  start_line?: number;
  start_side?: ReviewSide;
}

export interface NewReview {
  /** The head SHA that was reviewed; GitHub anchors the comments to it. */
  commitId: string;
  body: string;
  comments: ReviewComment[];
}

export type ReactionContent = "+1" | "-1" | "laugh" | "confused" | "heart" | "hooray" | "rocket" | "eyes";

export interface ReviewPublisher {
  /** Posts one submitted review (`event: COMMENT`). Never retried blindly by callers. */
  createReview(pr: PullRequestRef, review: NewReview): Promise<{ id: number }>;
  /** A comment in the PR conversation. */
  createIssueComment(pr: PullRequestRef, body: string): Promise<{ id: number }>;
  reactToIssueComment(repo: RepoRef, commentId: number, content: ReactionContent): Promise<void>;
}

export type CheckStatus = "queued" | "in_progress" | "completed";
export type CheckConclusion = "success" | "neutral" | "failure" | "cancelled" | "skipped" | "timed_out";

/** A state of the "Codex review" check run. */
export interface CheckRunState {
  status: CheckStatus;
  /** Required when completed. */
  conclusion?: CheckConclusion;
  title: string;
  summary: string;
  text?: string;
}

export interface CheckRunPublisher {
  /** `externalId` names the review request, so a retried create finds the run it already made. */
  createCheckRun(
    repo: RepoRef,
    headSha: string,
    state: CheckRunState,
    externalId?: string,
  ): Promise<{ id: number }>;
  updateCheckRun(repo: RepoRef, checkRunId: number, state: CheckRunState): Promise<void>;
}

/** A check run the bot started and has not completed yet. */
export interface OpenCheckRun {
  checkRunId: number;
  installationId: number;
  owner: string;
  repo: string;
  pullNumber: number;
  headSha: string;
  /** The review request's idempotency key. */
  key: string;
  /** The queue and job that will complete it, when known. */
  queue: string | null;
  jobId: string | null;
}

/** Which of the bot's check runs are still open: the memory that lets every run be completed. */
export interface CheckRunRegistry {
  opened(run: OpenCheckRun): Promise<void>;
  touched(checkRunId: number): Promise<void>;
  /** True when the run was still open; only that caller completes it. */
  closed(checkRunId: number): Promise<boolean>;
  isOpen(checkRunId: number): Promise<boolean>;
}

/** The registry as the sweep that completes orphaned runs sees it. */
export interface OpenCheckRuns extends CheckRunRegistry {
  /** Runs nobody touched for `idleMs`, oldest first (at most `limit`, default 100). */
  idle(idleMs: number, limit?: number): Promise<OpenCheckRun[]>;
}

/** A message of the model's input. */
export interface ModelMessage {
  role: "user" | "assistant" | "developer";
  content: string;
}

export type ReasoningEffort = "low" | "medium" | "high" | "xhigh";

export interface ModelRequest {
  /** Model id; the client's configured default when absent. */
  model?: string;
  /** The static part of the prompt (sent as `instructions`); kept identical across a repo's reviews. */
  instructions: string;
  input: ModelMessage[];
  /** Strict JSON-schema output: `text.format = {type: "json_schema", name, strict: true, schema}`. */
  schema: { name: string; schema: Record<string, unknown> };
  /** Counts reasoning tokens too. */
  maxOutputTokens?: number;
  effort?: ReasoningEffort;
  /** A stable per-repository key so the static prefix is served from the prompt cache. */
  promptCacheKey?: string;
}

export interface ModelUsage {
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  reasoningTokens: number;
}

export interface ModelResult {
  /** The concatenated output text (JSON for schema requests). */
  text: string;
  usage: ModelUsage;
  responseId: string;
  /** The model id that answered. */
  model: string;
}

export interface ModelCallOptions {
  /** Abandons the call: the client stops routing its events and rejects with `model_aborted`. */
  signal?: AbortSignal;
}

/** A call whose answer is handed over as it streams, besides being returned whole. */
export interface ModelStreamOptions extends ModelCallOptions {
  /** Each piece of the answer's text, in order, as the service sends it. */
  onText(delta: string): void;
  /**
   * The answer starts over (asked again: a larger output budget, the fallback model, another
   * socket): the text handed over so far belongs to no answer.
   */
  onRestart?(): void;
}

export interface ReviewModel {
  complete(request: ModelRequest, options?: ModelCallOptions): Promise<ModelResult>;
  /** The streaming variant: the same call and result, with the text handed over as it arrives. */
  stream?(request: ModelRequest, options: ModelStreamOptions): Promise<ModelResult>;
}
