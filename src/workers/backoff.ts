import type { BackoffStrategy } from "bullmq";
import { backoffDelay, seededRandom } from "../backoff.js";

const BASE_MS = 2_000;
const MAX_MS = 5 * 60_000;

/**
 * How long a failed job waits before its next attempt (`attemptsMade` counts the failed one):
 * exponential backoff with jitter, except when the service said how long to wait — a GitHub
 * 403/429 with `retry-after`, or a model error carrying one — then exactly that long, plus a little
 * jitter so a burst of jobs does not return at the same instant. The jitter is seeded by the job
 * and attempt, so the check run can tell the same time the queue will wait.
 */
export function jobRetryDelay(attemptsMade: number, retryAfterMs: number | undefined, jobId: string): number {
  const random = seededRandom(`${jobId}:${attemptsMade}`);
  if (retryAfterMs !== undefined && retryAfterMs > 0) {
    return Math.min(MAX_MS, retryAfterMs + Math.round(125 + 125 * random()));
  }
  return backoffDelay(attemptsMade, BASE_MS, MAX_MS, random);
}

/** The queue's backoff strategy: `jobRetryDelay` with what BullMQ hands it. */
export const retryAfterBackoff: BackoffStrategy = (attemptsMade, _type, err, job) => {
  const told = (err as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
  return jobRetryDelay(attemptsMade, typeof told === "number" ? told : undefined, job?.id ?? "");
};
