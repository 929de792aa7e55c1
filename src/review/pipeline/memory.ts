import type { PullRequestRef } from "../ports.js";

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
  lockPublish(
    pr: PullRequestRef,
    key: string,
    token: string,
    ttlMs: number,
  ): Promise<(() => Promise<void>) | null>;
  setCheckRun(pr: PullRequestRef, key: string, checkRunId: number): Promise<void>;
  checkRun(pr: PullRequestRef, key: string): Promise<number | null>;
  /** Records a request's run unless one is recorded; returns the run that holds the key. */
  claimCheckRun(pr: PullRequestRef, key: string, checkRunId: number): Promise<number>;
}
