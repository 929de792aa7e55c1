import type { RepoRole } from "./state.js";

/** Options of {@link startFakeGitHub}. */
export interface FakeGitHubOptions {
  /** The GitHub App id: JWTs must carry it as `iss`. */
  appId: number;
  /** The app's public key (PEM, SPKI or PKCS#1): JWTs must be signed by the matching private key. */
  publicKeyPem: string;
  /** The app's slug; its bot user is `<slug>[bot]`. Default `codex-spark`. */
  appSlug?: string;
}

/** An installation of the app, as a test seeds it. */
export interface InstallationInput {
  id: number;
  /** Login of the user or organisation the app is installed on. */
  account: string;
  /** `owner/repo` names the installation can reach. */
  repositories: string[];
  /**
   * Permissions granted to the app. Default: contents, pull_requests, issues, checks write;
   * metadata read. A request that needs more gets 403 "Resource not accessible by integration".
   */
  permissions?: Record<string, "read" | "write">;
}

/** A repository, as a test seeds it. */
export interface RepoInput {
  owner: string;
  repo: string;
  /** Default `main`. */
  defaultBranch?: string;
  private?: boolean;
  /**
   * Files per branch name or commit SHA: `{main: {"README.md": "hi"}}`. A branch key creates a
   * commit and points `refs/heads/<branch>` at it; a 40-hex key stores a commit under that SHA.
   */
  files?: Record<string, Record<string, string>>;
}

/** A changed file of a pull request, as `GET /pulls/{n}/files` lists it. */
export interface PullFileInput {
  path: string;
  status: "added" | "removed" | "modified" | "renamed" | "copied" | "changed" | "unchanged";
  /** Hunk-only unified diff (`@@ -1,2 +1,3 @@ …`); leave undefined for binary or huge files. */
  patch?: string;
  /** The path before a rename or copy. */
  previousPath?: string;
  /** Counted from `patch` when omitted. */
  additions?: number;
  deletions?: number;
}

/** A pull request, as a test seeds it. */
export interface PullRequestInput {
  owner: string;
  repo: string;
  number: number;
  title?: string;
  body?: string | null;
  /** Default false. */
  draft?: boolean;
  /** Default `open`. */
  state?: "open" | "closed";
  /** Login of the author. Default `octocat`. */
  user?: string;
  /** `repoFullName` differs from `owner/repo` for a PR from a fork. */
  head: { sha: string; ref: string; repoFullName?: string };
  base: { sha: string; ref: string };
  /** Default true for forks (what most contributors leave ticked), irrelevant otherwise. */
  maintainerCanModify?: boolean;
  /** The changed files; computed from `baseContents`/`headContents` when omitted. */
  files?: PullFileInput[];
  /** Contents of files at the head (at least the changed ones): text, or exact bytes (not UTF-8, say). */
  headContents?: Record<string, string | Uint8Array>;
  /** Contents of files at the base; ignored when a commit with `base.sha` already exists. */
  baseContents?: Record<string, string>;
}

/** A new push to a pull request's head branch. */
export interface PushInput {
  sha: string;
  /** The new head's parent; default the previous head. Another commit (e.g. the base) makes it a force-push. */
  parent?: string;
  /** All changed files of the PR after the push (base…new head); computed when omitted. */
  files?: PullFileInput[];
  headContents?: Record<string, string | Uint8Array>;
}

/** A human comment on a PR conversation, seeded by a test (e.g. an `@codex review`). */
export interface IssueCommentInput {
  owner: string;
  repo: string;
  number: number;
  user: string;
  body: string;
}

/** A human review comment (or reply), seeded by a test. */
export interface ReviewCommentInput {
  owner: string;
  repo: string;
  number: number;
  user: string;
  body: string;
  /** Required unless `inReplyTo` is given. */
  path?: string;
  line?: number;
  side?: "LEFT" | "RIGHT";
  startLine?: number;
  inReplyTo?: number;
}

/** Role of a user on a repository, set with `setPermission`. */
export type PermissionInput = RepoRole;

/** An injected failure (see `failNext`). */
export interface FaultSpec {
  status: number;
  /** GitHub did the work (stored the review, created the run) and then answered with `status`. */
  afterStoring?: boolean;
  /** Default: GitHub's body for that status (e.g. the secondary-rate-limit message for 403/429). */
  body?: unknown;
  headers?: Record<string, string>;
}

/** A request as the fake received it. */
export interface RecordedRequest {
  /** The operation id (`pulls/create-review`), `graphql`, or null for an unknown route. */
  operationId: string | null;
  method: string;
  /** Path without the `/api/v3` prefix or query string. */
  path: string;
  query: Record<string, string>;
  /** Lower-cased names; `authorization` keeps its scheme only (`token [redacted]`). */
  headers: Record<string, string>;
  /** Parsed JSON body (undefined when none). */
  body: unknown;
  status: number;
  /** The installation whose token authenticated the request, if any. */
  installationId: number | null;
  /** Epoch milliseconds when the request arrived. */
  at: number;
}

/** A request GitHub would have rejected for not matching its schema, or one the fake refused. */
export interface Violation {
  operationId: string;
  method: string;
  path: string;
  problems: string[];
  body: unknown;
}
