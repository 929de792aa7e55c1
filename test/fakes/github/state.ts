import { ObjectStore } from "./object-store.js";
import type { Side } from "./diff-lines.js";

/** A collaborator's role on a repository, as the fake stores it. */
export type RepoRole = "admin" | "maintain" | "write" | "triage" | "read" | "none";

export interface UserRecord {
  login: string;
  id: number;
  nodeId: string;
  type: "User" | "Bot" | "Organization";
}

export interface InstallationRecord {
  id: number;
  account: UserRecord;
  /** Lower-cased `owner/repo` names. */
  repositories: Set<string>;
  permissions: Record<string, string>;
}

export interface TokenRecord {
  installationId: number;
  expiresAt: Date;
  permissions: Record<string, string>;
  /** Lower-cased `owner/repo` names when the token was narrowed to some repositories. */
  repositories: Set<string> | null;
}

export interface RepoRecord {
  id: number;
  nodeId: string;
  owner: UserRecord;
  name: string;
  fullName: string;
  defaultBranch: string;
  private: boolean;
  /** Full ref names (`refs/heads/main`) to commit SHAs. */
  refs: Map<string, string>;
  /** Lower-cased login to role. */
  roles: Map<string, RepoRole>;
  createdAt: string;
}

/** One changed file of a pull request. */
export interface PullFileRecord {
  path: string;
  status: "added" | "removed" | "modified" | "renamed" | "copied" | "changed" | "unchanged";
  patch?: string;
  previousPath?: string;
  additions: number;
  deletions: number;
  /** Blob SHA of the file at the head (at the base when the file was removed). */
  sha: string;
}

export interface PullRecord {
  repoKey: string;
  number: number;
  id: number;
  nodeId: string;
  title: string;
  body: string | null;
  draft: boolean;
  state: "open" | "closed";
  merged: boolean;
  user: UserRecord;
  head: { sha: string; ref: string; repoFullName: string };
  base: { sha: string; ref: string };
  maintainerCanModify: boolean;
  files: PullFileRecord[];
  /** Files as they were at each head SHA the PR had, for reviews made on an older commit. */
  filesAt: Map<string, PullFileRecord[]>;
  createdAt: string;
  updatedAt: string;
}

export type ReviewState = "PENDING" | "COMMENTED" | "APPROVED" | "CHANGES_REQUESTED" | "DISMISSED";

export interface ReviewRecord {
  id: number;
  nodeId: string;
  repoKey: string;
  pullNumber: number;
  user: UserRecord;
  body: string;
  state: ReviewState;
  commitId: string;
  submittedAt: string | null;
}

export interface ReviewCommentRecord {
  id: number;
  nodeId: string;
  repoKey: string;
  pullNumber: number;
  reviewId: number;
  user: UserRecord;
  body: string;
  path: string;
  /** Null once outdated, like GitHub. */
  line: number | null;
  side: Side;
  startLine: number | null;
  startSide: Side | null;
  originalLine: number;
  originalStartLine: number | null;
  position: number | null;
  originalPosition: number;
  commitId: string;
  originalCommitId: string;
  diffHunk: string;
  subjectType: "line" | "file";
  inReplyToId: number | null;
  /** Text of the commented line when posted; a push that changes it makes the thread outdated. */
  anchorText: string | undefined;
  isMinimized: boolean;
  minimizedReason: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ThreadRecord {
  /** Id of the thread's first comment. */
  rootCommentId: number;
  nodeId: string;
  isResolved: boolean;
  resolvedBy: UserRecord | null;
}

export interface IssueCommentRecord {
  id: number;
  nodeId: string;
  repoKey: string;
  issueNumber: number;
  user: UserRecord;
  body: string;
  isMinimized: boolean;
  minimizedReason: string | null;
  createdAt: string;
  updatedAt: string;
}

export type ReactionSubject = "issue_comment" | "review_comment" | "issue" | "review";

export interface ReactionRecord {
  id: number;
  nodeId: string;
  repoKey: string;
  subjectType: ReactionSubject;
  /** Comment or review id; the issue number for `issue`. */
  subjectId: number;
  content: string;
  user: UserRecord;
  createdAt: string;
}

export interface CheckRunRecord {
  id: number;
  nodeId: string;
  repoKey: string;
  name: string;
  headSha: string;
  status: string;
  conclusion: string | null;
  startedAt: string | null;
  completedAt: string | null;
  detailsUrl: string | null;
  externalId: string | null;
  output: { title: string | null; summary: string | null; text: string | null; annotationsCount: number };
  actions: unknown[];
  checkSuiteId: number;
}

/** What a GraphQL node id points to. */
export interface NodeRef {
  kind:
    | "review_thread"
    | "review_comment"
    | "issue_comment"
    | "review"
    | "pull"
    | "repo"
    | "user"
    | "reaction"
    | "check_run";
  id: number;
  repoKey?: string;
}

/** Everything the fake knows. Plain data, rebuilt by `reset()`. */
export class FakeState {
  readonly objects = new ObjectStore();
  readonly users = new Map<string, UserRecord>();
  readonly installations = new Map<number, InstallationRecord>();
  readonly tokens = new Map<string, TokenRecord>();
  readonly repos = new Map<string, RepoRecord>();
  readonly pulls = new Map<string, PullRecord>();
  readonly reviews: ReviewRecord[] = [];
  readonly reviewComments: ReviewCommentRecord[] = [];
  readonly threads = new Map<number, ThreadRecord>();
  readonly issueComments: IssueCommentRecord[] = [];
  readonly reactions: ReactionRecord[] = [];
  readonly checkRuns: CheckRunRecord[] = [];
  readonly nodes = new Map<string, NodeRef>();
  /**
   * Most entries a recursive tree lists before GitHub cuts it off with `truncated: true` (GitHub:
   * 100,000 entries or 7 MB). Lowered by tests to see a large repository's listing.
   */
  treeEntryLimit = 100_000;
  // One counter for every kind of id, so a review id can never be mistaken for a comment id.
  private lastId = 1_000_000;

  nextId(): number {
    return ++this.lastId;
  }

  /** A node id in GitHub's current format (`PRRT_kwDO…`), registered for GraphQL lookups. */
  nodeId(prefix: string, ref: NodeRef): string {
    const id = `${prefix}_kwDO${Buffer.from(`${ref.kind}:${ref.id}`).toString("base64url")}`;
    this.nodes.set(id, ref);
    return id;
  }

  /** The user with this login, created on first use (ids stable for the fake's lifetime). */
  user(login: string, type?: UserRecord["type"]): UserRecord {
    const key = login.toLowerCase();
    const known = this.users.get(key);
    if (known) return known;
    const id = this.nextId();
    const kind = type ?? (login.endsWith("[bot]") ? "Bot" : "User");
    const record: UserRecord = {
      login,
      id,
      type: kind,
      nodeId: this.nodeId(kind === "Bot" ? "BOT" : kind === "Organization" ? "O" : "U", { kind: "user", id }),
    };
    this.users.set(key, record);
    return record;
  }

  repo(owner: string, repo: string): RepoRecord | undefined {
    return this.repos.get(repoKey(owner, repo));
  }

  pull(key: string, number: number): PullRecord | undefined {
    return this.pulls.get(`${key}#${number}`);
  }
}

/** The map key of a repository: its lower-cased full name (GitHub names are case-insensitive). */
export function repoKey(owner: string, repo: string): string {
  return `${owner}/${repo}`.toLowerCase();
}

export function nowIso(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
}
