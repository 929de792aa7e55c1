import type { PullRequestRef } from "../ports.js";
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
