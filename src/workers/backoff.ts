import type { BackoffStrategy } from "bullmq";
import { backoffDelay } from "../backoff.js";

const BASE_MS = 2_000;
const MAX_MS = 5 * 60_000;

/**
 * Exponential backoff with jitter, except when the service said how long to wait: a GitHub 403/429
 * with `retry-after`, or a model error carrying one, delays this job exactly that long (plus a
 * little jitter so a burst of jobs does not return at the same instant).
 */
export const retryAfterBackoff: BackoffStrategy = (attemptsMade, _type, err) => {
  const told = (err as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
  if (typeof told === "number" && told > 0)
    return Math.min(MAX_MS, told + Math.round(125 + Math.random() * 125));
  return backoffDelay(Math.max(1, attemptsMade), BASE_MS, MAX_MS);
};
