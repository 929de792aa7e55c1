import type { RedisClient } from "../state/connection.js";
import { settledWithin } from "../deadline.js";
import { RedeliveryClaims } from "../state/redelivery-claims.js";
import { recoverFailedDeliveries } from "./delivery-recovery.js";
import type { ResolvedEnv } from "../config/env.js";
import { requireForRole } from "../config/env.js";
import type { GitHubClient } from "../github/client.js";
import { createModelClient, type ModelClient } from "../model/index.js";
import type { ErrorFlood } from "../observability/error-flood.js";
import type { Log } from "../observability/log.js";
import type { BotMetrics } from "../observability/metrics.js";
import type { Queues } from "../queue/queues.js";
import { reviewSettingsFromEnv } from "../config/review-settings.js";
import type { ReviewSettings } from "../review/pipeline/context.js";
import type { CheckRunRegistry } from "../review/ports.js";
import { RepoFileCache } from "../review/pipeline/repo-files.js";
import { LaneGate } from "../review/pipeline/lane-gate.js";
import { SERVICE_MAX_IN_FLIGHT } from "../model/options.js";
import { AppIdentity } from "../state/app-identity.js";
import { RedisLedgerStore } from "../state/ledger-store.js";
import { RedisOpenCheckRuns } from "../state/open-check-runs.js";
import { RedisOutsiderBudget } from "../state/outsider-budget.js";
import { PermissionCache } from "../state/permission-cache.js";
import { PrState } from "../state/pr-state.js";
import { startQueueWorkers, type WorkerState } from "../workers/queue-workers.js";
import { warmWorker } from "./warm-up.js";
import { CheckRunJanitor } from "../workers/check-run-janitor.js";
import type { Probot } from "probot";
import { createProbot, type ProbotWiring } from "./probot.js";

export interface WorkerHandle {
  model: ModelClient;
  /**
   * Stops taking jobs and lets running ones finish for up to `graceMs`; then disconnects BullMQ's
   * connections under them (their locks lapse and another worker takes them over). Never waits
   * longer than `graceMs` plus a second, whatever state Redis is in.
   */
  stop(graceMs: number): Promise<void>;
  /** Asks GitHub again for the webhooks it failed to deliver (RECOVER_DELIVERIES). Never throws. */
  recoverDeliveries(): Promise<void>;
}

/** BullMQ's own clients: the app's blocking one (BullMQ duplicates it) and the app-state one. */
export interface WorkerConnections {
  blocking: RedisClient;
  state: RedisClient;
  /** The process's Redis error log, shared with the clients' own errors. */
  errors: ErrorFlood;
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
    repoFiles: new RepoFileCache(),
    laneGate: new LaneGate({
      perInstallation: env.CODEX_LANES_PER_INSTALLATION,
      perProcess: env.CODEX_LANES_PER_PROCESS,
    }),
  };
}

/** The Redis adapters behind the ports the jobs use; they hold only the client, so one set serves every job. */
function workerState(
  env: ResolvedEnv,
  redis: RedisClient,
  metrics: BotMetrics,
  openChecks: CheckRunRegistry,
): WorkerState {
  return {
    memory: new PrState(redis, env.statePrefix),
    permissions: new PermissionCache(redis, env.statePrefix),
    outsiders: new RedisOutsiderBudget(redis, env.statePrefix, {
      perAuthorPerDay: env.CODEX_OUTSIDER_REVIEWS_PER_DAY,
      perInstallationPerHour: env.CODEX_OUTSIDER_REVIEWS_PER_HOUR,
    }),
    ledgers: new RedisLedgerStore(redis, { prefix: env.statePrefix, events: metrics.ledger }),
    openChecks,
  };
}

/** The BullMQ workers: every paid call (the model) and every write to GitHub happens here. */
export async function startWorkers(
  env: ResolvedEnv,
  connections: WorkerConnections,
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
  const identity = new AppIdentity(connections.state, env.statePrefix, env.APP_ID ?? 0);
  let botLogin: Promise<string> | undefined;
  // Redis first (any worker that ever asked GitHub left it there), then GitHub, once per process.
  const learnBotLogin = (repo?: { owner: string; repo: string }): Promise<string> =>
    (botLogin ??= identity
      .botLogin()
      .then(async (known) => {
        if (known !== null) return known;
        if (!repo) throw new Error("no repository to learn the app's slug from yet");
        const login = await appBotLogin(probot, repo);
        await identity.rememberBotLogin(login).catch(() => {});
        return login;
      })
      .catch((error: unknown) => {
        botLogin = undefined;
        throw error;
      }));
  const settings = reviewSettings(env);
  await warmWorker({
    model,
    // Enough sockets for one review's lanes at once: the first review opens none.
    sockets: Math.ceil((settings.laneGate?.capacity ?? SERVICE_MAX_IN_FLIGHT) / SERVICE_MAX_IN_FLIGHT),
    botLogin: () => learnBotLogin(),
    log,
  });
  // One registry of open check runs for the jobs and the sweep, under the app-state prefix the web
  // server writes it with too (on a Cluster that prefix differs from BullMQ's).
  const openChecks = new RedisOpenCheckRuns(connections.state, env.statePrefix);
  const state = workerState(env, connections.state, metrics, openChecks);
  const workers = startQueueWorkers({
    connection: connections.blocking,
    prefix: env.QUEUE_PREFIX,
    state,
    concurrency: env.WORKER_CONCURRENCY,
    lockDurationMs: env.JOB_LOCK_MS,
    queues,
    auth: async (installationId) => (await probot.auth(installationId)) as GitHubClient,
    botLogin: (repo) => learnBotLogin(repo),
    model,
    capacity: {
      fallbackModel: env.CODEX_FALLBACK_MODEL,
      fallbackAfterMs: env.CODEX_FALLBACK_AFTER_SECONDS * 1000,
    },
    settings,
    metrics,
    log,
    redisErrors: connections.errors,
  });
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  const janitor = new CheckRunJanitor({
    registry: openChecks,
    memory: state.memory,
    blocking: connections.blocking,
    queuePrefix: env.QUEUE_PREFIX,
    queues,
    idleMs: env.JOB_LOCK_MS,
    auth: async (installationId) => (await probot.auth(installationId)) as GitHubClient,
    log: log.child({ component: "check-runs" }),
  });
  await janitor.start();
  const claims = new RedeliveryClaims(connections.state, env.statePrefix);
  return {
    model,
    async recoverDeliveries() {
      if (!env.RECOVER_DELIVERIES) return;
      await recoverFailedDeliveries({
        app: async () => (await probot.auth()) as GitHubClient,
        claims,
        windowMs: env.RECOVER_DELIVERIES_WINDOW_HOURS * 3600_000,
        log: log.child({ component: "delivery-recovery" }),
      }).catch((error: unknown) =>
        log.warn(
          { err: error instanceof Error ? error.message : String(error) },
          "could not recover failed deliveries",
        ),
      );
    },
    async stop(graceMs) {
      await settledWithin(janitor.stop(), 1_000);
      const closed = await settledWithin(Promise.all(workers.map((w) => w.close())), graceMs);
      if (!closed) {
        log.warn({ graceMs }, "jobs still running at the shutdown deadline: leaving them to another worker");
        await settledWithin(Promise.all(workers.map((w) => w.disconnect())), 1_000);
      }
      await settledWithin(model.close(), 1_000);
    },
  };
}
