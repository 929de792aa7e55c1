import type { RedisClient } from "./connection.js";
import type { OpenCheckRun, OpenCheckRuns } from "../review/ports.js";

/**
 * Every "Codex review" check run the bot started and has not completed yet, in Redis, so that a
 * run whose job died (a crashed worker, a job BullMQ failed as stalled, a lost final update) is
 * found and completed later. Two keys under one hash tag: an index by last activity, and the runs.
 */
export class RedisOpenCheckRuns implements OpenCheckRuns {
  private readonly index: string;
  private readonly runs: string;

  constructor(
    private readonly redis: RedisClient,
    prefix: string,
  ) {
    this.index = `${prefix}:{open-checks}:index`;
    this.runs = `${prefix}:{open-checks}:runs`;
  }

  async opened(run: OpenCheckRun): Promise<void> {
    await this.redis
      .multi()
      .zadd(this.index, Date.now(), String(run.checkRunId))
      .hset(this.runs, String(run.checkRunId), JSON.stringify(run))
      .exec();
  }

  /** Marks a run as alive: a sweep leaves runs alone while their job keeps touching them. */
  async touched(checkRunId: number): Promise<void> {
    await this.redis.zadd(this.index, "XX", Date.now(), String(checkRunId));
  }

  /** Forgets a completed run; true when it was still open (so exactly one caller completes it). */
  async closed(checkRunId: number): Promise<boolean> {
    const results = await this.redis
      .multi()
      .zrem(this.index, String(checkRunId))
      .hdel(this.runs, String(checkRunId))
      .exec();
    return results?.[0]?.[1] === 1;
  }

  async isOpen(checkRunId: number): Promise<boolean> {
    return (await this.redis.zscore(this.index, String(checkRunId))) !== null;
  }

  /** Runs nobody touched for `idleMs`, oldest first. */
  async idle(idleMs: number, limit = 100): Promise<OpenCheckRun[]> {
    const ids = await this.redis.zrangebyscore(this.index, "-inf", Date.now() - idleMs, "LIMIT", 0, limit);
    if (ids.length === 0) return [];
    const values = await this.redis.hmget(this.runs, ...ids);
    return values.flatMap((value) => {
      if (value === null) return [];
      try {
        return [JSON.parse(value) as OpenCheckRun];
      } catch {
        return [];
      }
    });
  }
}
