import { pause } from "../backoff.js";
import type { GitHubError } from "../errors.js";
import { toGitHubError } from "./errors.js";
import { DEFAULT_REQUEST_POLICY, retryDelay } from "./request-policy.js";

/**
 * A write that creates something, retried only when a lookup proves the failed attempt did not
 * land: GitHub may store a request and still answer 502, or the answer may be lost to a timeout.
 * `lookup` returns what the first attempt created, if it did.
 */
export async function createOnce<T>(
  what: string,
  create: () => Promise<T>,
  lookup: () => Promise<T | null>,
  attempts = 3,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    let failure: GitHubError;
    try {
      return await create();
    } catch (error) {
      failure = toGitHubError(error, what);
      const wait = retryDelay(failure.cause ?? failure, attempt, {
        ...DEFAULT_REQUEST_POLICY,
        retries: attempts - 1,
      });
      if (!failure.retryable || wait === null) throw failure;
      await pause(wait);
    }
    // Without a lookup that answered, nobody knows whether the write landed: do not repeat it.
    const landed = await lookup().catch(() => {
      throw failure;
    });
    if (landed !== null) return landed;
  }
}
