import type { RedisClient } from "./connection.js";
import { composedRecordSchema, type ComposedRecord } from "../review/pipeline/composed-record.js";

/**
 * Reviews composed and about to be posted, one per idempotency key (`key` is the per-PR Redis key,
 * hash-tagged by PR). Kept as long as a job's retries can run; an unreadable record counts as none
 * (the retry then composes again, as if it had never been stored).
 */
export async function saveComposed(
  redis: RedisClient,
  key: string,
  record: ComposedRecord,
  ttlSeconds: number,
): Promise<void> {
  await redis.set(key, JSON.stringify(record), "EX", ttlSeconds);
}

export async function loadComposed(redis: RedisClient, key: string): Promise<ComposedRecord | null> {
  const raw = await redis.get(key);
  if (raw === null) return null;
  try {
    const parsed = composedRecordSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Adds this attempt's paid model calls to the review's total (all attempts); returns the total. */
export async function addPaidCalls(
  redis: RedisClient,
  key: string,
  calls: number,
  ttlSeconds: number,
): Promise<number> {
  const [[, total]] = (await redis.multi().incrby(key, calls).expire(key, ttlSeconds).exec()) as [
    [unknown, number],
    unknown,
  ];
  return Number(total);
}
