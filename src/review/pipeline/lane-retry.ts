import { backoffDelay } from "../../backoff.js";
import { isBotError } from "../../errors.js";

/** Tries of one lane, the first included. */
export const LANE_ATTEMPTS = 3;
/**
 * The longest wait a lane sits out here. A service that asks for longer is the job's to wait for:
 * the error goes up, and the worker's rate-limit handling brings the job back at the stated time.
 */
export const LANE_RETRY_MAX_WAIT_MS = 5_000;
const BASE_DELAY_MS = 100;
const MAX_DELAY_MS = 2_000;

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * How long to wait before trying a lane again after `error`, or null when it must not be tried
 * again here. A rate limit is sat out here only when sibling lanes have answers worth keeping: a
 * review of one lane loses nothing by leaving the wait to the job, which tells the check run.
 */
export function laneRetryDelay(error: unknown, attempt: number, siblings: number): number | null {
  if (!isBotError(error) || !error.retryable || error.code === "model_aborted") return null;
  if (error.code === "model_rate_limited" && siblings === 0) return null;
  // A lane that took the whole request timeout would take it again: the job's retry decides.
  if (error.code === "model_timeout") return null;
  if (attempt >= LANE_ATTEMPTS) return null;
  const wait = error.retryAfterMs ?? backoffDelay(attempt, BASE_DELAY_MS, MAX_DELAY_MS);
  return wait > LANE_RETRY_MAX_WAIT_MS ? null : wait;
}

/**
 * Runs one lane, and runs it again alone when it fails in a way worth retrying (a dropped socket, a
 * 5xx, a short rate limit): its sibling lanes keep running and keep their answers, so one drop
 * costs one more request, not the whole review. `onRetry` counts the extra paid call.
 */
export async function withLaneRetry<T>(
  run: () => Promise<T>,
  options: {
    signal: AbortSignal;
    /** The other lanes of the review. */
    siblings: number;
    onRetry?: (error: unknown, waitMs: number) => void;
  },
): Promise<T> {
  const { signal, onRetry } = options;
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      const wait = signal.aborted ? null : laneRetryDelay(error, attempt, options.siblings);
      if (wait === null) throw error;
      onRetry?.(error, wait);
      await sleep(wait, signal);
    }
  }
}
