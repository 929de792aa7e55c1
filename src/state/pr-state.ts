import type { RedisClient } from "./connection.js";
import { prKey } from "../review/pipeline/idempotency.js";
import type { ComposedRecord } from "../review/pipeline/composed-record.js";
import type { PublishLockAttempt, PullRequestMemory } from "../review/pipeline/memory.js";
import { addPaidCalls, loadComposed, saveComposed } from "./composed-reviews.js";
import { clearPendingCheckIfOurs, readHead, recordHead, type HeadObservation } from "./pr-head.js";

const DAY = 24 * 3600;

/** -1 when the lock was taken; else the holder's remaining milliseconds (0 when it has no expiry). */
const TAKE_LOCK = `
if redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then return -1 end
local left = redis.call('pttl', KEYS[1])
if left < 0 then return 0 end
return left`;

const RENEW_LOCK = `
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end
return 0`;

const RELEASE_LOCK = `
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0`;

/**
 * What the bot remembers about a pull request between jobs, in Redis. Keys are hash-tagged per PR so
 * they live on one Redis Cluster slot.
 */
export class PrState implements PullRequestMemory {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  private key(pr: PrRef, what: string): string {
    return `${this.prefix}:pr:{${prKey(pr.owner, pr.repo, pr.pullNumber)}}:${what}`;
  }

  /**
   * Records what a `pull_request` event says (head and open/closed), unless an event with a later
   * `updated_at` was recorded already. False means the event is stale and must change nothing.
   */
  async observeHead(pr: PrRef, seen: HeadObservation): Promise<boolean> {
    // Stale or not, the event tells which PR this head belongs to: a fork's check run does not.
    await this.redis.set(this.headIndexKey(pr, seen.headSha), String(pr.pullNumber), "EX", 30 * DAY);
    return recordHead(this.redis, this.key(pr, "seen-head"), seen, 30 * DAY);
  }

  /**
   * The PR whose head `headSha` was, as `pull_request` events told us. GitHub leaves a check run's
   * `pull_requests` empty when the PR comes from a fork: its "Re-run" starts from here.
   */
  async pullForHead(repo: { owner: string; repo: string }, headSha: string): Promise<number | null> {
    const value = await this.redis.get(this.headIndexKey(repo, headSha));
    return value === null ? null : Number(value);
  }

  /** One key per head, hash-tagged per repository (the head is looked up before the PR is known). */
  private headIndexKey(repo: { owner: string; repo: string }, headSha: string): string {
    return `${this.prefix}:repo:{${repo.owner}/${repo.repo}}:head-pr:${headSha}`;
  }

  /** The newest head GitHub told us about ("closed" once the PR is closed). Running jobs watch it. */
  async latestHead(pr: PrRef): Promise<string | null> {
    const seen = await readHead(this.redis, this.key(pr, "seen-head"));
    if (seen === null) return null;
    return seen.state === "closed" ? "closed" : seen.headSha;
  }

  /** The last head the bot posted a review for: incremental passes start from it. */
  async setReviewedHead(pr: PrRef, headSha: string): Promise<void> {
    await this.redis.set(this.key(pr, "reviewed"), headSha, "EX", 90 * DAY);
  }

  async reviewedHead(pr: PrRef): Promise<string | null> {
    return this.redis.get(this.key(pr, "reviewed"));
  }

  /** `@codex pause` stops automatic reviews of this PR until `@codex resume`. */
  async setPaused(pr: PrRef, paused: boolean): Promise<void> {
    if (paused) await this.redis.set(this.key(pr, "paused"), "1", "EX", 90 * DAY);
    else await this.redis.del(this.key(pr, "paused"));
  }

  async isPaused(pr: PrRef): Promise<boolean> {
    return (await this.redis.exists(this.key(pr, "paused"))) === 1;
  }

  /** The review posted for an idempotency key (see `review/pipeline/idempotency.ts`), if one was. */
  async postedReview(pr: PrRef, key: string): Promise<number | null> {
    const value = await this.redis.get(this.key(pr, `posted:${key}`));
    return value === null ? null : Number(value);
  }

  async recordPosted(pr: PrRef, key: string, reviewId: number): Promise<void> {
    await this.redis.set(this.key(pr, `posted:${key}`), String(reviewId), "EX", 30 * DAY);
  }

  /** The review composed for a key, stored before its POST so that a retry posts it as it was. */
  async saveComposed(pr: PrRef, key: string, record: ComposedRecord): Promise<void> {
    await saveComposed(this.redis, this.key(pr, `composed:${key}`), record, 7 * DAY);
  }

  async composed(pr: PrRef, key: string): Promise<ComposedRecord | null> {
    return loadComposed(this.redis, this.key(pr, `composed:${key}`));
  }

  /** Counts paid model calls for a key across attempts; returns the total so far. */
  async addModelCalls(pr: PrRef, key: string, calls: number): Promise<number> {
    return addPaidCalls(this.redis, this.key(pr, `model-calls:${key}`), calls, 7 * DAY);
  }

  /**
   * Takes the right to publish for a key, so two workers running the same review (a stalled job
   * taken over while its first worker still runs) cannot both post. When another token holds it,
   * says how long that lock has left: a worker that died holding it frees it no later than that.
   */
  async lockPublish(pr: PrRef, key: string, token: string, ttlMs: number): Promise<PublishLockAttempt> {
    const lockKey = this.key(pr, `publishing:${key}`);
    const remaining = (await this.redis.eval(TAKE_LOCK, 1, lockKey, token, String(ttlMs))) as number;
    if (remaining >= 0) return { status: "busy", remainingMs: remaining };
    return {
      status: "held",
      // Compare-and-extend: a lock that expired is not taken back by its renewal.
      renew: async (nextTtlMs) =>
        (await this.redis.eval(RENEW_LOCK, 1, lockKey, token, String(nextTtlMs))) === 1,
      // Delete only our own lock: it may have expired and been taken by someone else.
      release: async () => {
        await this.redis.eval(RELEASE_LOCK, 1, lockKey, token);
      },
    };
  }

  /**
   * The check run of the newest queued automatic review, swapped for a new one: the caller closes
   * the previous run when a newer push replaced its review, so no run stays "queued" forever.
   */
  async swapPendingCheck(
    pr: PrRef,
    next: { headSha: string; checkRunId: number | null },
  ): Promise<{ headSha: string; checkRunId: number | null } | null> {
    const previous = await this.redis.getset(this.key(pr, "pending-check"), JSON.stringify(next));
    await this.redis.expire(this.key(pr, "pending-check"), 7 * DAY);
    if (previous === null) return null;
    try {
      return JSON.parse(previous) as { headSha: string; checkRunId: number | null };
    } catch {
      return null;
    }
  }

  /** A job that starts takes its queued check run out of the pending record (if still there). */
  async clearPendingCheck(pr: PrRef, checkRunId: number): Promise<void> {
    await clearPendingCheckIfOurs(this.redis, this.key(pr, "pending-check"), checkRunId);
  }

  /** The check run of an idempotency key, so later steps (and retries) update the same one. */
  async setCheckRun(pr: PrRef, key: string, checkRunId: number): Promise<void> {
    await this.redis.set(this.key(pr, `check:${key}`), String(checkRunId), "EX", 7 * DAY);
  }

  /**
   * Records the run of a review request unless one is recorded already; returns the run that
   * holds the key (ours, or the one another process recorded first).
   */
  async claimCheckRun(pr: PrRef, key: string, checkRunId: number): Promise<number> {
    const name = this.key(pr, `check:${key}`);
    const taken = await this.redis.set(name, String(checkRunId), "EX", 7 * DAY, "NX");
    if (taken === "OK") return checkRunId;
    return Number((await this.redis.get(name)) ?? checkRunId);
  }

  async checkRun(pr: PrRef, key: string): Promise<number | null> {
    const value = await this.redis.get(this.key(pr, `check:${key}`));
    return value === null ? null : Number(value);
  }
}

export interface PrRef {
  owner: string;
  repo: string;
  pullNumber: number;
}
