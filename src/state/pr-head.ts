import type { RedisClient } from "./connection.js";
import type { HeadObservation } from "../review/pipeline/memory.js";

export type { HeadObservation };

/**
 * Compare-and-set on one hash (one key, so one Redis Cluster slot): the observation is stored only
 * when it is at least as new as the stored one. GitHub delivers webhooks in no particular order and
 * an operator may redeliver an old one; `updated_at` is the only order the payload carries. Equal
 * stamps are accepted: the field has one-second resolution, so two pushes in one second cannot be
 * told apart here — the worker confirms with GitHub before acting on what this record says.
 * Returns 1 when stored, 0 when the stored observation is newer.
 */
const RECORD_HEAD = `
local stored = tonumber(redis.call('HGET', KEYS[1], 'at') or '-1')
if tonumber(ARGV[1]) < stored then return 0 end
redis.call('HSET', KEYS[1], 'at', ARGV[1], 'sha', ARGV[2], 'state', ARGV[3])
redis.call('EXPIRE', KEYS[1], ARGV[4])
return 1
`;

/** Stores `seen` unless newer knowledge is already there; true when it was stored. */
export async function recordHead(
  redis: RedisClient,
  key: string,
  seen: HeadObservation,
  ttlSeconds: number,
): Promise<boolean> {
  const stored = await redis.eval(
    RECORD_HEAD,
    1,
    key,
    String(seen.updatedAtMs),
    seen.headSha,
    seen.state,
    String(ttlSeconds),
  );
  return stored === 1;
}

/** The newest observation, or null when none is known (never seen, or expired). */
export async function readHead(redis: RedisClient, key: string): Promise<HeadObservation | null> {
  const [at, sha, state] = await redis.hmget(key, "at", "sha", "state");
  if (at == null || sha == null || (state !== "open" && state !== "closed")) return null;
  return { headSha: sha, state, updatedAtMs: Number(at) };
}

/**
 * Compare-and-delete of the "pending check" record: a job that starts takes its own queued check
 * run out of it, so a later push never closes (rewrites) a run that job is about to complete.
 */
const CLEAR_IF_OURS = `
local value = redis.call('GET', KEYS[1])
if not value then return 0 end
local ok, record = pcall(cjson.decode, value)
if ok and type(record) == 'table' and tostring(record['checkRunId']) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`;

/** Deletes the pending-check record at `key` when it names `checkRunId`; true when it did. */
export async function clearPendingCheckIfOurs(
  redis: RedisClient,
  key: string,
  checkRunId: number,
): Promise<boolean> {
  return (await redis.eval(CLEAR_IF_OURS, 1, key, String(checkRunId))) === 1;
}
