import { backoffDelay } from "../backoff.js";
import { isHttpError, retryAfterMs } from "./errors.js";
import type { WriteBudget } from "../review/ports-state.js";

/** How every GitHub request is sent. */
export interface GitHubRequestPolicy {
  /** Per attempt; a request that hangs longer is abandoned (and retried when that is safe). Default 10 s. */
  timeoutMs: number;
  /** Extra attempts of a request that is safe to repeat. Default 4. */
  retries: number;
  /** First backoff step, doubled per retry with jitter. Default 300 ms. */
  baseDelayMs: number;
  /** Longest backoff step. Default 5 s. */
  maxDelayMs: number;
  /**
   * A `retry-after` longer than this is not waited out inside the request: the error goes up, and
   * the job (whose backoff reads the same header) comes back later. Default 20 s.
   */
  maxRetryAfterMs: number;
  /** Takes a content-creating request's share of the installation's write budget; resolves when allowed. */
  writeBudget?: WriteBudget;
}

export const DEFAULT_REQUEST_POLICY: GitHubRequestPolicy = {
  timeoutMs: 10_000,
  retries: 4,
  baseDelayMs: 300,
  maxDelayMs: 5_000,
  maxRetryAfterMs: 20_000,
};

/** The parts of Octokit's request options this policy reads. */
export interface RequestOptionsLike {
  method?: string;
  url?: string;
  query?: unknown;
  request?: { signal?: AbortSignal | null };
}

/**
 * Requests that can be sent again without risk of doing something twice: reads (GraphQL queries
 * included), updates of a check run (the same body twice leaves the same run), and reactions
 * (GitHub answers the same reaction twice with 200 and keeps one), installation tokens. Everything else that creates —
 * reviews, comments, check runs, commits — is retried by its caller only after a lookup shows that
 * the first attempt did not land.
 */
export function isSafeToRepeat(options: RequestOptionsLike): boolean {
  const method = (options.method ?? "GET").toUpperCase();
  const url = options.url ?? "";
  if (method === "GET" || method === "HEAD") return true;
  if (url.endsWith("/graphql")) return !isMutation(options.query);
  if (method === "PATCH" && /\/check-runs\/[^/]+$/.test(url)) return true;
  // A second installation token is as good as the first.
  if (method === "POST" && /^\/app\/installations\/[^/]+\/access_tokens$/.test(url)) return true;
  return method === "POST" && /\/reactions$/.test(url);
}

/** GitHub counts these against the secondary "content-creating requests" limits. */
export function createsContent(options: RequestOptionsLike): boolean {
  const method = (options.method ?? "GET").toUpperCase();
  if (method === "GET" || method === "HEAD") return false;
  if ((options.url ?? "").endsWith("/graphql")) return isMutation(options.query);
  return true;
}

function isMutation(query: unknown): boolean {
  return typeof query === "string" && /^\s*mutation\b/.test(query.replace(/^\s*#.*$/gm, ""));
}

/**
 * How long to wait before repeating a failed attempt, or null when it must not be repeated: 429,
 * and 403 with `retry-after` (secondary limits), wait what GitHub said, unless that is longer than
 * the policy allows — GitHub refused such a request without doing it, so even a write may be sent
 * again. Network errors, timeouts and 5xx back off exponentially, for `repeatable` requests only:
 * a write may have landed before the answer was lost.
 */
export function retryDelay(
  error: unknown,
  attempt: number,
  policy: GitHubRequestPolicy,
  repeatable = true,
): number | null {
  if (attempt > policy.retries) return null;
  if (!isHttpError(error))
    return repeatable ? backoffDelay(attempt, policy.baseDelayMs, policy.maxDelayMs) : null;
  const told = retryAfterMs(error);
  if (error.status === 429 || (error.status === 403 && told !== undefined)) {
    const wait = told ?? backoffDelay(attempt, policy.baseDelayMs * 4, policy.maxDelayMs * 4);
    return wait <= policy.maxRetryAfterMs ? wait : null;
  }
  if (error.status >= 500 && repeatable) return backoffDelay(attempt, policy.baseDelayMs, policy.maxDelayMs);
  return null;
}
