import { Redis } from "ioredis";

/**
 * A Redis client in the shape BullMQ requires: `maxRetriesPerRequest: null` (workers refuse anything
 * else) and no ioredis `keyPrefix` (BullMQ's own `prefix` is used instead). BullMQ never closes a
 * client it was given: whoever calls this owns `quit()`.
 */
export function createRedisConnection(url: string, name = "codex-spark-bot"): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    connectionName: name,
  });
}

/** Closes a client politely, falling back to a hard disconnect when Redis is already gone. */
export async function closeRedis(client: Redis): Promise<void> {
  if (client.status === "end") return;
  try {
    await client.quit();
  } catch {
    client.disconnect();
  }
}
