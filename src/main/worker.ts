import type { Redis } from "ioredis";
import type { ResolvedEnv } from "../config/env.js";
import { requireForRole } from "../config/env.js";
import type { GitHubClient } from "../github/client.js";
import { createModelClient, type ModelClient } from "../model/index.js";
import type { Log } from "../observability/log.js";
import type { BotMetrics } from "../observability/metrics.js";
import type { Queues } from "../queue/queues.js";
import { reviewSettingsFromEnv } from "../config/review-settings.js";
import type { ReviewSettings } from "../review/pipeline/context.js";
import { BranchFileCache } from "../review/pipeline/branch-files.js";
import { LaneGate } from "../review/pipeline/lane-gate.js";
import { startReviewWorkers } from "../workers/review-worker.js";
import { CheckRunJanitor } from "../workers/check-run-janitor.js";
import type { Probot } from "probot";
import { createProbot, type ProbotWiring } from "./probot.js";

export interface WorkerHandle {
  model: ModelClient;
  stop(): Promise<void>;
}

/** `<slug>[bot]`: the app's slug comes with its installation on any repository it can see. */
async function appBotLogin(probot: Probot, repo: { owner: string; repo: string }): Promise<string> {
  const app = (await probot.auth()) as GitHubClient;
  const { data } = await app.rest.apps.getRepoInstallation({ owner: repo.owner, repo: repo.repo });
  return `${data.app_slug}[bot]`;
}

export function reviewSettings(env: ResolvedEnv): ReviewSettings {
  return {
    ...reviewSettingsFromEnv(env),
    // One of each per worker process, shared by its jobs.
    branchFiles: new BranchFileCache(),
    laneGate: new LaneGate({
      perInstallation: env.CODEX_LANES_PER_INSTALLATION,
      perProcess: env.CODEX_LANES_PER_PROCESS,
    }),
  };
}

/** The BullMQ workers: every paid call (the model) and every write to GitHub happens here. */
export async function startWorkers(
  env: ResolvedEnv,
  connection: Redis,
  queues: Queues,
  metrics: BotMetrics,
  wiring: ProbotWiring,
): Promise<WorkerHandle> {
  requireForRole(env, "worker");
  const probot = createProbot(env, wiring);
  const log: Log = wiring.logger.child({ role: "worker" });
  const model = createModelClient({
    apiKey: env.OPENAI_API_KEY as string,
    baseUrl: env.OPENAI_BASE_URL,
    model: env.CODEX_MODEL,
    fallbackModel: env.CODEX_FALLBACK_MODEL,
    organization: env.OPENAI_ORGANIZATION,
    project: env.OPENAI_PROJECT,
    transport: env.CODEX_TRANSPORT,
    requestTimeoutMs: env.CODEX_REQUEST_TIMEOUT_MS,
    log: log.child({ component: "model" }),
    metrics: metrics.model,
  });
  if (env.CODEX_MODEL_PROBE) {
    // Reported at start so a wrong key or model id shows up now, not on the first review.
    model.probe().then(
      (result) => log.info({ probe: result }, "model probe finished"),
      (error: unknown) =>
        log.error({ err: error instanceof Error ? error.message : String(error) }, "model probe failed"),
    );
  }
  let botLogin: Promise<string> | undefined;
  const workers = startReviewWorkers({
    connection,
    prefix: env.QUEUE_PREFIX,
    concurrency: env.WORKER_CONCURRENCY,
    lockDurationMs: env.JOB_LOCK_MS,
    queues,
    auth: async (installationId) => (await probot.auth(installationId)) as GitHubClient,
    botLogin: (repo) =>
      (botLogin ??= appBotLogin(probot, repo).catch((error: unknown) => {
        botLogin = undefined;
        throw error;
      })),
    model,
    settings: reviewSettings(env),
    outsiderLimits: {
      perAuthorPerDay: env.CODEX_OUTSIDER_REVIEWS_PER_DAY,
      perInstallationPerHour: env.CODEX_OUTSIDER_REVIEWS_PER_HOUR,
    },
    metrics,
    log,
  });
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  const janitor = new CheckRunJanitor({
    connection,
    prefix: env.QUEUE_PREFIX,
    queues,
    idleMs: env.JOB_LOCK_MS,
    auth: async (installationId) => (await probot.auth(installationId)) as GitHubClient,
    log: log.child({ component: "check-runs" }),
  });
  await janitor.start();
  return {
    model,
    async stop() {
      await janitor.stop();
      await Promise.all(workers.map((w) => w.close()));
      await model.close();
    },
  };
}
