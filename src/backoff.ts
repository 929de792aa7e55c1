import { createHash } from "node:crypto";

/**
 * Exponential backoff with "equal jitter": half the delay is fixed, half random, so that a fleet of
 * workers that lost the service at the same moment does not come back at the same moment.
 * `attempt` counts from 1. The one backoff of the bot: model reconnects and job retries use it.
 */
export function backoffDelay(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  if (attempt <= 0) return 0;
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt - 1, 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * A "random" number in [0, 1) that is the same wherever it is computed from the same seed: the
 * queue's backoff and the check run's "retrying at" compute one job's delay apart, and must agree.
 */
export function seededRandom(seed: string): () => number {
  const value = createHash("sha256").update(seed).digest().readUInt32BE(0) / 2 ** 32;
  return () => value;
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function pause(ms: number, signal?: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
