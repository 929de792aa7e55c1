import type { Server } from "node:http";
import { requireForRole, type ResolvedEnv } from "../config/env.js";
import { startHealthServer, type HealthChecks } from "../observability/http.js";
import { createLogger } from "../observability/logger.js";
import { createMetrics, type BotMetrics } from "../observability/metrics.js";
import { ErrorFlood } from "../observability/error-flood.js";
import { closeRedis, createRedisConnection, probeRedis, watchRedis } from "../state/connection.js";
import { settledWithin } from "../deadline.js";
import { openQueues } from "../queue/queues.js";
import type { Logger } from "pino";
import type { ProbotOverrides, ProbotWiring } from "./probot.js";
import { resolveQueueRedis } from "./redis.js";
import { TokenCache } from "./token-cache.js";
import { RedisWriteBudget } from "../state/write-budget.js";
import { startWeb, type WebHandle } from "./web.js";
import { startWorkers, type WorkerHandle } from "./worker.js";

export interface AppHandle {
  web?: WebHandle;
  workers?: WorkerHandle;
  metrics: BotMetrics;
  redisUrl: string;
  /**
   * Stops every role within `deadlineMs` (default {@link STOP_DEADLINE_MS}), whatever state Redis
   * is in: webhooks first, then running jobs get most of the time, then every client is closed.
   */
  stop(deadlineMs?: number): Promise<void>;
}

/** Under the 10 s most orchestrators wait between SIGTERM and SIGKILL. */
export const STOP_DEADLINE_MS = 8_000;

export interface AppOptions extends ProbotOverrides {
  /** The process logger; by default one at LOG_LEVEL with secrets redacted. */
  logger?: Logger;
  /** Process metrics (GC, memory) on /metrics; tests that start many apps turn them off. Default true. */
  defaultMetrics?: boolean;
}

/**
 * Starts the roles `env.ROLE` asks for against one queue Redis: `all` (default) runs the webhook
 * server and the workers in one process; `web` and `worker` run one side, for scaling out.
 */
export async function startApp(env: ResolvedEnv, options: AppOptions = {}): Promise<AppHandle> {
  // Everything a role needs is checked before anything starts, so a bad config leaves nothing behind.
  if (env.ROLE !== "worker") requireForRole(env, "web");
  if (env.ROLE !== "web") requireForRole(env, "worker");
  const logger = options.logger ?? createLogger(env.LOG_LEVEL);
  const redis = await resolveQueueRedis(env, logger);
  const target = env.redisTarget ?? redis.url;
  const redisErrors = new ErrorFlood(logger.child({ component: "redis" }), { what: "Redis" });
  // Producers and app state share one `command` client (its commands time out); the workers'
  // blocking one is separate, as BullMQ requires.
  const producer = createRedisConnection(target, "codex-producer", "command");
  watchRedis(producer, redisErrors, "producer");
  const wiring: ProbotWiring = {
    logger,
    Octokit: options.Octokit,
    tokens: new TokenCache(),
    // One budget per installation for every process on this Redis: GitHub's secondary limits.
    writeBudget: new RedisWriteBudget(producer, env.statePrefix, {
      perMinute: env.GITHUB_WRITES_PER_MINUTE,
      perHour: env.GITHUB_WRITES_PER_HOUR,
    }),
  };
  const queues = openQueues({
    connection: producer,
    prefix: env.QUEUE_PREFIX,
    attempts: env.JOB_ATTEMPTS,
    enqueueDeadlineMs: env.ENQUEUE_DEADLINE_MS,
  });
  const consumer = env.ROLE === "web" ? undefined : createRedisConnection(target, "codex-worker", "blocking");
  if (consumer) watchRedis(consumer, redisErrors, "worker");
  const metrics = createMetrics({ defaultMetrics: options.defaultMetrics });
  const health: HealthChecks = {
    ready: () => probeRedis(producer),
    registry: metrics.registry,
  };
  let web: WebHandle | undefined;
  let workers: WorkerHandle | undefined;
  let healthServer: Server | undefined;
  const stop = async (deadlineMs = STOP_DEADLINE_MS): Promise<void> => {
    const end = Date.now() + deadlineMs;
    const left = (reserve: number): number => Math.max(0, end - Date.now() - reserve);
    // Webhooks stop first, so nothing new is acknowledged while the workers wind down.
    if (web) await settledWithin(web.stop(), 1_000);
    if (healthServer) {
      const server = healthServer;
      server.closeAllConnections();
      await settledWithin(new Promise<void>((done) => server.close(() => done())), 500);
    }
    // Running jobs get what is left, minus the time to close the clients below.
    await workers?.stop(left(2_500));
    await settledWithin(queues.close(), Math.min(1_000, left(1_000)));
    if (consumer) await closeRedis(consumer, 500);
    await closeRedis(producer, 500);
    await settledWithin(redis.stop(), Math.max(100, left(0)));
  };
  try {
    if (consumer) {
      const connections = { blocking: consumer, state: producer, errors: redisErrors };
      workers = await startWorkers(env, connections, queues, metrics, wiring);
    }
    if (env.ROLE !== "worker") web = await startWeb(env, producer, queues, health, wiring, metrics);
    else healthServer = await startHealthServer(health, env.HOST, env.PORT);
  } catch (error) {
    await stop().catch(() => {});
    throw error;
  }
  if (workers) {
    const recover = workers.recoverDeliveries;
    // What GitHub could not deliver while this process or its Redis was down.
    void recover();
    redisErrors.onRecovered(() => void recover());
  }
  return { web, workers, metrics, redisUrl: redis.url, stop };
}
