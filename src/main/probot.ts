import type { Logger } from "pino";
import { Probot, ProbotOctokit, type Options } from "probot";
import type { ResolvedEnv } from "../config/env.js";
import type { TokenCache } from "./token-cache.js";

export interface ProbotOverrides {
  /** Octokit class with other defaults (tests turn throttling off). */
  Octokit?: typeof ProbotOctokit;
}

export interface ProbotWiring extends ProbotOverrides {
  /** The process logger, shared with Probot so its lines get the same redaction. */
  logger: Logger;
  /** Installation tokens shared by the process's Probot instances (web and worker). */
  tokens?: TokenCache;
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
 * Octokit's own retry is off: a retried POST could post a review twice, and every read is retried
 * safely by the job's own retries (which look for the review marker before posting).
 *
 * Probot's throttling is off unless GITHUB_THROTTLE=probot: it spaces every write of an installation
 * a second apart (three for comments), which makes a review take two seconds longer. A review makes
 * about three writes; GitHub's secondary limits are a budget (80 content-creating requests a minute),
 * and when GitHub does answer 403/429 with retry-after the job waits that long and tries again.
 */
export function probotOptions(env: ResolvedEnv, wiring: ProbotWiring): Options {
  const retryless = (wiring.Octokit ?? ProbotOctokit).defaults({ retry: { enabled: false } });
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
