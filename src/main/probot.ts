import type { Logger } from "pino";
import { Probot, ProbotOctokit, type Options } from "probot";
import type { ResolvedEnv } from "../config/env.js";
import type { TokenCache } from "./token-cache.js";
import { DEFAULT_REQUEST_POLICY } from "../github/request-policy.js";
import type { WriteBudget } from "../review/ports-state.js";
import { withRequestPolicy } from "../github/resilient-octokit.js";

export interface ProbotOverrides {
  /** Octokit class with other defaults (tests turn throttling off). */
  Octokit?: typeof ProbotOctokit;
}

export interface ProbotWiring extends ProbotOverrides {
  /** The process logger, shared with Probot so its lines get the same redaction. */
  logger: Logger;
  /** Installation tokens shared by the process's Probot instances (web and worker). */
  tokens?: TokenCache;
  /** Content-creating requests of an installation take their share of this budget first. */
  writeBudget?: WriteBudget;
}

/**
 * Points the app authentication of every client at `cache`. Probot gives each of its instances a
 * token cache of its own and takes none from outside; its options reach ours through this layer.
 */
function withTokenCache(Octokit: typeof ProbotOctokit, cache: TokenCache): typeof ProbotOctokit {
  return Octokit.defaults((options: { auth?: unknown }) => {
    const auth = options.auth;
    if (typeof auth !== "object" || auth === null || !("appId" in auth)) return options;
    return { ...options, auth: { ...auth, cache } };
  });
}

/**
 * Turns Probot's request throttling off. Probot layers its own throttle options over any
 * object-form defaults, so this is a function-form layer that sees and overrides them.
 */
export function withoutThrottling(Octokit: typeof ProbotOctokit): typeof ProbotOctokit {
  return Octokit.defaults((options: { throttle?: Record<string, unknown> }) => ({
    ...options,
    throttle: { ...options.throttle, enabled: false },
  }));
}

/**
 * Options shared by the web server's Probot and the workers' one.
 *
 * Octokit's own retry is off: it would repeat a POST that may have landed (a second review). Our
 * request policy retries only what is safe to repeat (reads, check-run updates, reactions), with
 * backoff and `retry-after`, and puts a timeout on every attempt; writes that create something are
 * retried by their callers after a lookup.
 *
 * Probot's throttling is off unless GITHUB_THROTTLE=probot: it spaces every write of an installation
 * a second apart (three for comments), which makes a review take two seconds longer. A review makes
 * about three writes; GitHub's secondary limits are a budget (80 content-creating requests a minute),
 * and when GitHub does answer 403/429 with retry-after the job waits that long and tries again.
 */
export function probotOptions(env: ResolvedEnv, wiring: ProbotWiring): Options {
  const retryless = withRequestPolicy(
    (wiring.Octokit ?? ProbotOctokit).defaults({ retry: { enabled: false } }),
    {
      ...DEFAULT_REQUEST_POLICY,
      timeoutMs: env.GITHUB_REQUEST_TIMEOUT_MS,
      retries: env.GITHUB_RETRIES,
      writeBudget: wiring.writeBudget,
    },
  );
  const base = wiring.tokens ? withTokenCache(retryless, wiring.tokens) : retryless;
  return {
    appId: env.APP_ID,
    privateKey: env.privateKey,
    secret: env.WEBHOOK_SECRET,
    baseUrl: env.githubBaseUrl,
    log: wiring.logger,
    Octokit: env.GITHUB_THROTTLE === "probot" ? base : withoutThrottling(base),
  };
}

export function createProbot(env: ResolvedEnv, wiring: ProbotWiring): Probot {
  return new Probot(probotOptions(env, wiring));
}
