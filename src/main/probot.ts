import type { Logger } from "pino";
import { Probot, ProbotOctokit, type Options } from "probot";
import type { ResolvedEnv } from "../config/env.js";

export interface ProbotOverrides {
  /** Octokit class with other defaults (tests turn throttling off). */
  Octokit?: typeof ProbotOctokit;
}

export interface ProbotWiring extends ProbotOverrides {
  /** The process logger, shared with Probot so its lines get the same redaction. */
  logger: Logger;
}

/**
 * Options shared by the web server's Probot and the workers' one. Octokit's own retry is off: a
 * retried POST could post a review twice, and every read is retried safely by the job's own
 * retries (which look for the review marker before posting).
 */
export function probotOptions(env: ResolvedEnv, wiring: ProbotWiring): Options {
  return {
    appId: env.APP_ID,
    privateKey: env.privateKey,
    secret: env.WEBHOOK_SECRET,
    baseUrl: env.githubBaseUrl,
    log: wiring.logger,
    Octokit: (wiring.Octokit ?? ProbotOctokit).defaults({ retry: { enabled: false } }),
  };
}

export function createProbot(env: ResolvedEnv, wiring: ProbotWiring): Probot {
  return new Probot(probotOptions(env, wiring));
}
