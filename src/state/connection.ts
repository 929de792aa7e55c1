import { Cluster, Redis, type ClusterOptions, type RedisOptions } from "ioredis";
import { QueueUnavailableError } from "../errors.js";
import type { ErrorFlood } from "../observability/error-flood.js";
import { settledWithin, within } from "../deadline.js";
import { parseRedisTarget, type RedisTarget } from "../config/redis-target.js";

/** A single-node (or Sentinel-followed) client or a Cluster client: both speak the same commands. */
export type RedisClient = Redis | Cluster;

/**
 * What a client is for:
 * - `blocking`: BullMQ workers, which refuse anything but `maxRetriesPerRequest: null` and wait on
 *   blocking commands, so no command timeout either;
 * - `command`: everything else (producers, app state, readiness): a command fails after
 *   {@link COMMAND_TIMEOUT_MS} instead of waiting in the offline queue for as long as Redis is down.
 */
export type ClientRole = "blocking" | "command";

/** How long an app-state command may wait, queued or sent, before it fails. */
export const COMMAND_TIMEOUT_MS = 5_000;

function roleOptions(role: ClientRole): RedisOptions {
  return role === "blocking"
    ? { maxRetriesPerRequest: null }
    : { maxRetriesPerRequest: 2, commandTimeout: COMMAND_TIMEOUT_MS };
}

function nodeOptions(target: RedisTarget, role: ClientRole, name: string): RedisOptions {
  return {
    ...roleOptions(role),
    enableReadyCheck: true,
    connectionName: name,
    ...(target.kind === "single"
      ? {}
      : {
          ...(target.username ? { username: target.username } : {}),
          ...(target.password ? { password: target.password } : {}),
          ...(target.tls ? { tls: {} } : {}),
        }),
  };
}

/**
 * The one Redis connection factory. Clients come without an ioredis `keyPrefix` (BullMQ's own
 * `prefix` is used instead). BullMQ never closes a client it was given: whoever calls this owns
 * {@link closeRedis}.
 */
export function createRedisConnection(
  where: string | RedisTarget,
  name = "codex-spark-bot",
  role: ClientRole = "blocking",
): RedisClient {
  const target = typeof where === "string" ? parseRedisTarget(where) : where;
  const options = nodeOptions(target, role, name);
  switch (target.kind) {
    case "single":
      return new Redis(target.url, options);
    case "sentinel":
      return new Redis({
        ...options,
        sentinels: target.sentinels,
        name: target.masterName,
        // Sentinels usually share the data nodes' credentials in managed offerings.
        ...(target.password ? { sentinelPassword: target.password } : {}),
      });
    case "cluster": {
      const clusterOptions: ClusterOptions = {
        redisOptions: options,
        enableReadyCheck: true,
        // Slot map refreshes must not hang a shutdown or a readiness probe either.
        slotsRefreshTimeout: 2_000,
      };
      return new Cluster(target.nodes, clusterOptions);
    }
  }
}

/** A new client to the same Redis with the same options (for a consumer that blocks on its own). */
export function duplicateConnection(client: RedisClient): RedisClient {
  return client instanceof Cluster ? client.duplicate() : client.duplicate();
}

/** True when commands are being answered now (a Cluster too, once it knows its slots). */
export function isRedisUp(client: RedisClient): boolean {
  return client.status === "ready";
}

/**
 * Closes a client within `deadlineMs`: politely (QUIT) while Redis answers, at once otherwise —
 * a QUIT issued while ioredis is reconnecting waits in the offline queue behind everything else.
 */
export async function closeRedis(client: RedisClient, deadlineMs = 1_000): Promise<void> {
  if (client.status === "end") return;
  if (!isRedisUp(client)) {
    client.disconnect();
    return;
  }
  await settledWithin(client.quit(), deadlineMs);
  if ((client.status as string) !== "end") client.disconnect();
}

/**
 * The readiness probe: fails at once while the client is not connected (a killed Redis closes the
 * socket, and ioredis notices immediately), and after `deadlineMs` when a PING goes unanswered (a
 * network that drops packets). Never waits in the offline queue.
 */
export async function probeRedis(client: RedisClient, deadlineMs = 1_000): Promise<void> {
  if (!isRedisUp(client)) throw new QueueUnavailableError(`Redis is ${client.status}`);
  await within(
    deadlineMs,
    () => client.ping(),
    () => new QueueUnavailableError(`Redis did not answer PING within ${deadlineMs} ms`),
  );
}

/** Reports a client's errors to `errors`, and its coming back. */
export function watchRedis(client: RedisClient, errors: ErrorFlood, name: string): void {
  client.on("error", (error: unknown) => errors.report(error, { client: name }));
  client.on("ready", () => errors.recovered());
}
