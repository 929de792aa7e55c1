import { resolve } from "node:path";
import type { ResolvedEnv } from "../config/env.js";
import type { Log } from "../observability/log.js";
import { startEmbeddedRedis, type EmbeddedRedis } from "../queue/embedded-redis.js";

export interface QueueRedis {
  url: string;
  /** Stops the private Redis when we started one; a no-op for an external server. */
  stop(): Promise<void>;
}

/** The queue's Redis: QUEUE_REDIS_URL, or a private `redis-server` child stopped with the app. */
export async function resolveQueueRedis(env: ResolvedEnv, log: Log): Promise<QueueRedis> {
  if (env.QUEUE_REDIS_URL) return { url: env.QUEUE_REDIS_URL, stop: async () => {} };
  const dataDir = resolve(env.REDIS_DATA_DIR);
  const embedded: EmbeddedRedis = await startEmbeddedRedis({ dataDir });
  log.info(
    { port: embedded.port, dataDir },
    "started a private redis-server (set QUEUE_REDIS_URL to use your own)",
  );
  return embedded;
}
