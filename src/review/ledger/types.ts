import type { PullRequestRef } from "../ports.js";
import type { DismissalHow, LedgerEntry, LedgerMeta } from "./entry.js";

/** What a worker claims before posting a finding: enough to record it in full. */
export interface ClaimCandidate {
  fingerprint: string;
  path: string;
  startLine: number;
  endLine: number;
  title: string;
  /** 0 = P0 … 3 = P3; absent when the model gave none. */
  priority?: number;
  original: readonly string[];
}

/** Where a finding lives now. */
export interface FindingLocation {
  path: string;
  startLine: number;
  endLine: number;
  /** The quoted lines at the new place (whitespace may differ from before). */
  original: readonly string[];
}

export interface Dismissal {
  /** Login of the person (REST form), or `unknown`. */
  by: string;
  how: DismissalHow;
}

/** Who dismissed a finding: the PR's author, someone else allowed to (a collaborator), or not known. */
export type DismisserRole = "author" | "collaborator" | "unknown";

/** How a PR ended, for the findings still open then. */
export type CloseOutcome = "merged" | "closed";

/**
 * What the ledger tells about its findings' fate, each at the one transition that happens exactly
 * once however many workers race or webhooks are redelivered: how value is measured (metrics).
 * `priority` is the entry's (0–3), undefined when the finding had none.
 */
export interface LedgerEvents {
  posted(pr: PullRequestRef, priority: number | undefined): void;
  fixed(pr: PullRequestRef, priority: number | undefined): void;
  dismissed(pr: PullRequestRef, priority: number | undefined, by: DismisserRole): void;
  openAtClose(pr: PullRequestRef, priority: number | undefined, outcome: CloseOutcome): void;
}

/** The role of a dismisser given the PR's author (REST logins, compared without case). */
export function dismisserRole(by: string, author: string | undefined): DismisserRole {
  if (author === undefined || by === "unknown") return "unknown";
  return by.toLowerCase() === author.toLowerCase() ? "author" : "collaborator";
}

/**
 * The ledger of one pull request. Every method is atomic on its own; the state-changing ones return
 * whether they changed anything, so that two workers racing on the same PR do the matching GitHub
 * side effect (reply, resolve) at most once.
 */
export interface PullRequestLedger {
  /**
   * Claims findings for posting at `headSha`. Returns the fingerprints granted: new ones, ones
   * fixed or outdated before (the code came back), and claims whose lease ran out. Open, dismissed
   * and freshly claimed ones are refused, so two workers never post the same finding.
   */
  /** `owner` (the review's idempotency key) may take back its own unexpired claims. */
  claim(candidates: readonly ClaimCandidate[], headSha: string, owner?: string): Promise<string[]>;
  /** Gives up claims that were not posted (the review failed, or the comment was left out). */
  release(fingerprints: readonly string[]): Promise<void>;
  /** Records the comments of a posted review: claimed entries become open. Returns those recorded. */
  recordPosted(
    posted: ReadonlyMap<string, { commentId: number; threadId?: string | null }>,
  ): Promise<string[]>;
  setThreadId(fingerprint: string, threadId: string): Promise<boolean>;
  /** open/outdated → fixed. */
  markFixed(fingerprint: string, headSha: string): Promise<boolean>;
  /** Reverts a `markFixed` whose GitHub side effects failed, so the next review tries again. */
  reopen(fingerprint: string): Promise<boolean>;
  /** Any state but dismissed → dismissed. */
  markDismissed(fingerprint: string, dismissal: Dismissal): Promise<boolean>;
  /** open → outdated. */
  markOutdated(fingerprint: string, headSha: string): Promise<boolean>;
  /** An open finding whose code moved: same thread, new place. */
  track(fingerprint: string, location: FindingLocation, headSha: string): Promise<boolean>;
  /** Records that a "still present" note was posted for `headSha`; false if one already was. */
  markNoted(fingerprint: string, headSha: string): Promise<boolean>;
  /** After a review: open entries seen at `headSha`, and the review's SHA and time in the meta. */
  touch(headSha: string, fingerprints: readonly string[]): Promise<void>;
  /** Remembers the PR's author (REST login), to tell the author's dismissals from a collaborator's. */
  setAuthor(login: string): Promise<void>;
  /**
   * The PR was merged or closed: reports each finding still open, once per PR (the first caller
   * wins; redelivered events and other workers get 0). Returns how many were reported.
   */
  settleAtClose(outcome: CloseOutcome): Promise<number>;
  get(fingerprint: string): Promise<LedgerEntry | null>;
  all(): Promise<Map<string, LedgerEntry>>;
  meta(): Promise<LedgerMeta>;
  /** True when Redis knows nothing about this PR (never reviewed, or flushed): rebuild first. */
  needsRebuild(): Promise<boolean>;
  /** Writes rebuilt entries without overwriting any a concurrent worker wrote meanwhile. */
  restore(entries: ReadonlyMap<string, LedgerEntry>): Promise<number>;
  /** Lets the PR's keys expire `ttlSeconds` from now (the PR was closed). */
  expireAfterClose(ttlSeconds: number): Promise<void>;
  /** Cancels a pending expiry (the PR was reopened). */
  persist(): Promise<void>;
}

/** The ledgers of every PR (Redis in production: `src/state/ledger-store.ts`). */
export interface LedgerStore {
  forPullRequest(pr: PullRequestRef): PullRequestLedger;
}
