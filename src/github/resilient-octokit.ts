import type { ProbotOctokit } from "probot";
import { pause } from "../backoff.js";
import type { GitHubClient } from "./client.js";
import {
  createsContent,
  isSafeToRepeat,
  retryDelay,
  type GitHubRequestPolicy,
  type RequestOptionsLike,
} from "./request-policy.js";

type RequestFn = (options: RequestOptionsLike) => Promise<unknown>;
interface Hooked {
  hook: {
    wrap(name: "request", fn: (request: RequestFn, options: RequestOptionsLike) => Promise<unknown>): void;
  };
}

/**
 * One place for how the bot talks to GitHub: every attempt has a timeout and follows the caller's
 * abort signal; requests that are safe to repeat are retried with backoff and `retry-after`;
 * content-creating requests first take their share of the installation's write budget.
 */
export function withRequestPolicy(
  Octokit: typeof ProbotOctokit,
  policy: GitHubRequestPolicy,
): typeof ProbotOctokit {
  const plugin = (octokit: Hooked, options: { auth?: { installationId?: unknown } }): void => {
    const installationId =
      typeof options.auth?.installationId === "number" ? options.auth.installationId : null;
    octokit.hook.wrap("request", async (request, requestOptions) => {
      const caller = requestOptions.request?.signal ?? undefined;
      const repeatable = isSafeToRepeat(requestOptions);
      const budgeted =
        installationId !== null && policy.writeBudget !== undefined && createsContent(requestOptions);
      for (let attempt = 1; ; attempt++) {
        if (budgeted) await policy.writeBudget?.take(installationId, caller);
        const timeout = AbortSignal.timeout(policy.timeoutMs);
        const signal = caller ? AbortSignal.any([caller, timeout]) : timeout;
        try {
          return await request({ ...requestOptions, request: { ...requestOptions.request, signal } });
        } catch (error) {
          const wait = caller?.aborted ? null : retryDelay(error, attempt, policy, repeatable);
          if (wait === null) throw error;
          await pause(wait, caller);
        }
      }
    });
  };
  return Octokit.plugin(
    plugin as unknown as Parameters<typeof Octokit.plugin>[0],
  ) as unknown as typeof ProbotOctokit;
}

/** The same client, with every request following `signal` (a job's: stop when the job stops). */
export function withSignal(octokit: GitHubClient, signal: AbortSignal | undefined): GitHubClient {
  if (!signal) return octokit;
  (octokit as unknown as Hooked).hook.wrap("request", (request, options) =>
    request({ ...options, request: { ...options.request, signal: options.request?.signal ?? signal } }),
  );
  return octokit;
}
