import type { Server } from "node:http";
import { requireForRole, type ResolvedEnv } from "../config/env.js";
import { startHealthServer, type HealthChecks } from "../observability/http.js";
import { createLogger } from "../observability/logger.js";
import { createMetrics, type BotMetrics } from "../observability/metrics.js";
import { closeRedis, createRedisConnection } from "../state/connection.js";
import { openQueues } from "../queue/queues.js";
import type { Logger } from "pino";
import type { ProbotOverrides, ProbotWiring } from "./probot.js";
import { resolveQueueRedis } from "./redis.js";
import { startWeb, type WebHandle } from "./web.js";
import { startWorkers, type WorkerHandle } from "./worker.js";

export interface AppHandle {
  web?: WebHandle;
  workers?: WorkerHandle;
  metrics: BotMetrics;
  redisUrl: string;
  stop(): Promise<void>;
}

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
  const wiring: ProbotWiring = { logger, Octokit: options.Octokit };
  const redis = await resolveQueueRedis(env, logger);
  const producer = createRedisConnection(redis.url, "codex-producer");
  const queues = openQueues({ connection: producer, prefix: env.QUEUE_PREFIX, attempts: env.JOB_ATTEMPTS });
  const consumer = env.ROLE === "web" ? undefined : createRedisConnection(redis.url, "codex-worker");
  const metrics = createMetrics({ defaultMetrics: options.defaultMetrics });
  const health: HealthChecks = {
    ready: async () => {
      await producer.ping();
    },
    registry: metrics.registry,
  };
  let web: WebHandle | undefined;
  let workers: WorkerHandle | undefined;
  let healthServer: Server | undefined;
  const stop = async (): Promise<void> => {
    await web?.stop();
    if (healthServer) await new Promise<void>((done) => healthServer?.close(() => done()));
    await workers?.stop();
    await queues.close();
    if (consumer) await closeRedis(consumer);
    await closeRedis(producer);
    await redis.stop();
  };
  try {
    if (consumer) workers = await startWorkers(env, consumer, queues, metrics, wiring);
    if (env.ROLE !== "worker") web = await startWeb(env, producer, queues, health, wiring, metrics);
    else healthServer = await startHealthServer(health, env.HOST, env.PORT);
  } catch (error) {
    await stop().catch(() => {});
    throw error;
  }
  return { web, workers, metrics, redisUrl: redis.url, stop };
}
