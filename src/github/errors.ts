import { GitHubError } from "../errors.js";

export interface HttpErrorLike {
  status: number;
  message: string;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
}

export function isHttpError(error: unknown): error is HttpErrorLike {
  return (
    typeof error === "object" &&
    error !== null &&
    typeof (error as { status?: unknown }).status === "number" &&
    typeof (error as { message?: unknown }).message === "string"
  );
}

function header(error: HttpErrorLike, name: string): string | undefined {
  const value = error.response?.headers?.[name];
  return value === undefined ? undefined : String(value);
}

/** What GitHub asked us to wait: `retry-after` seconds, or until the primary limit's reset. */
export function retryAfterMs(error: HttpErrorLike): number | undefined {
  const retryAfter = header(error, "retry-after");
  if (retryAfter !== undefined && /^\d+$/.test(retryAfter)) return Number(retryAfter) * 1000;
  const reset = header(error, "x-ratelimit-reset");
  if (header(error, "x-ratelimit-remaining") === "0" && reset !== undefined && /^\d+$/.test(reset)) {
    return Math.max(1000, Number(reset) * 1000 - Date.now());
  }
  return undefined;
}

/**
 * Translates whatever Octokit threw into a GitHubError at the adapter edge. `what` names the
 * operation for the message ("create review on o/r#12").
 */
export function toGitHubError(error: unknown, what: string): GitHubError {
  if (error instanceof GitHubError) return error;
  if (!isHttpError(error)) {
    return new GitHubError("github_unavailable", `GitHub request failed (${what}): network error`, {
      retryable: true,
      cause: error,
    });
  }
  const { status } = error;
  const message = `GitHub answered ${status} to ${what}: ${error.message}`;
  const wait = retryAfterMs(error);
  if (status === 429 || (status === 403 && wait !== undefined)) {
    return new GitHubError("github_rate_limited", message, {
      status,
      retryable: true,
      retryAfterMs: wait,
      cause: error,
    });
  }
  if (status >= 500)
    return new GitHubError("github_unavailable", message, { status, retryable: true, cause: error });
  if (status === 401) return new GitHubError("github_auth", message, { status, cause: error });
  if (status === 403) return new GitHubError("github_forbidden", message, { status, cause: error });
  if (status === 404) return new GitHubError("github_not_found", message, { status, cause: error });
  if (status === 422) return new GitHubError("github_unprocessable", message, { status, cause: error });
  return new GitHubError("github_request", message, { status, cause: error });
}

export async function translate<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toGitHubError(error, what);
  }
}
