import type { PullRequestRef, RepoRef } from "../ports.js";
import type { ComposedRecord } from "./composed-record.js";

/**
 * What the pipeline remembers between jobs (Redis in production: `src/state/pr-state.ts`).
 * Idempotency keys (`key`) name one review: a head and a pass, or one explicit request.
 */
export interface ReviewMemory {
  /** The newest head GitHub told the web server about, or "closed"; null when unknown. */
  latestHead(pr: PullRequestRef): Promise<string | null>;
  reviewedHead(pr: PullRequestRef): Promise<string | null>;
  setReviewedHead(pr: PullRequestRef, headSha: string): Promise<void>;
  postedReview(pr: PullRequestRef, key: string): Promise<number | null>;
  recordPosted(pr: PullRequestRef, key: string, reviewId: number): Promise<void>;
  /** Takes the publish lock of `key` for `ttlMs` under `token`, unless another token holds it. */
  lockPublish(pr: PullRequestRef, key: string, token: string, ttlMs: number): Promise<PublishLockAttempt>;
  /** Stores the review composed for `key` before it is posted (see {@link ComposedRecord}). */
  saveComposed(pr: PullRequestRef, key: string, record: ComposedRecord): Promise<void>;
  composed(pr: PullRequestRef, key: string): Promise<ComposedRecord | null>;
  /** Adds paid model calls to `key`'s total over all attempts; returns the total. */
  addModelCalls(pr: PullRequestRef, key: string, calls: number): Promise<number>;
  setCheckRun(pr: PullRequestRef, key: string, checkRunId: number): Promise<void>;
  checkRun(pr: PullRequestRef, key: string): Promise<number | null>;
  /** Records a request's run unless one is recorded; returns the run that holds the key. */
  claimCheckRun(pr: PullRequestRef, key: string, checkRunId: number): Promise<number>;
}

/** The publish lock of a key, as Redis answered a try to take it. */
export type PublishLockAttempt =
  | {
      status: "held";
      /**
       * Extends the lock to `ttlMs` from now if it is still ours; false once it expired or another
       * token took it — it is never taken back, since someone else may be posting meanwhile.
       */
      renew(ttlMs: number): Promise<boolean>;
      /** Deletes the lock if it is still ours. */
      release(): Promise<void>;
    }
  | { status: "busy"; /** How long the holder's lock lives unless it is renewed. */ remainingMs: number };

/** `@codex pause` / `@codex resume`: automatic reviews of one PR off or on. */
export interface PauseSwitch {
  setPaused(pr: PullRequestRef, paused: boolean): Promise<void>;
  isPaused(pr: PullRequestRef): Promise<boolean>;
}

/** What a `pull_request` event says about its PR, stamped with the event's `pull_request.updated_at`. */
export interface HeadObservation {
  headSha: string;
  state: "open" | "closed";
  /** `pull_request.updated_at` of the event, in epoch milliseconds. */
  updatedAtMs: number;
}

/** The queued check run of the newest automatic review that has not started yet. */
export interface PendingCheck {
  headSha: string;
  checkRunId: number | null;
}

/**
 * Everything remembered about a PR between webhooks and jobs: the review memory, the pause switch,
 * and what the web server records for the workers (the newest head, the pending check run).
 */
export interface PullRequestMemory extends ReviewMemory, PauseSwitch {
  /**
   * Records what a `pull_request` event says, unless an event with a later `updated_at` was
   * recorded already. False means the event is stale and must change nothing.
   */
  observeHead(pr: PullRequestRef, seen: HeadObservation): Promise<boolean>;
  /**
   * The PR whose head `headSha` was, as `pull_request` events told (`observeHead` records it):
   * GitHub leaves a fork's check run without its pull request.
   */
  pullForHead(repo: RepoRef, headSha: string): Promise<number | null>;
  /**
   * Replaces the pending check run and returns the one it replaced: the caller closes that run when
   * a newer push replaced its review, so no run stays "queued" forever.
   */
  swapPendingCheck(pr: PullRequestRef, next: PendingCheck): Promise<PendingCheck | null>;
  /** A job that starts takes its queued check run out of the pending record (if still there). */
  clearPendingCheck(pr: PullRequestRef, checkRunId: number): Promise<void>;
}
