import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, inject, it } from "vitest";
import { RedisWriteBudget } from "../../../src/state/write-budget.js";

describe("the per-installation write budget", () => {
  const redis = new Redis(inject("redisUrl"));
  afterAll(async () => {
    await redis.quit();
  });

  it("is shared by every process and kept apart per installation", async () => {
    const prefix = `wb${randomUUID().slice(0, 8)}`;
    const limits = { perMinute: 3, perHour: 500 };
    const workerA = new RedisWriteBudget(redis, prefix, limits);
    const workerB = new RedisWriteBudget(redis, prefix, limits);
    expect([await workerA.tryTake(7), await workerA.tryTake(7), await workerB.tryTake(7)]).toEqual([0, 0, 0]);
    // The fourth write in the same minute waits about a third of a minute (one token's refill).
    const wait = await workerB.tryTake(7);
    expect(wait).toBeGreaterThan(15_000);
    expect(wait).toBeLessThanOrEqual(20_000);
    expect(await workerA.tryTake(8)).toBe(0);
  });

  it("holds to the hourly limit when the minute's is not reached", async () => {
    const budget = new RedisWriteBudget(redis, `wb${randomUUID().slice(0, 8)}`, {
      perMinute: 80,
      perHour: 2,
    });
    expect([await budget.tryTake(1), await budget.tryTake(1)]).toEqual([0, 0]);
    expect(await budget.tryTake(1)).toBeGreaterThan(25 * 60_000);
  });

  it("stops waiting when the job is aborted", async () => {
    const budget = new RedisWriteBudget(redis, `wb${randomUUID().slice(0, 8)}`, {
      perMinute: 1,
      perHour: 500,
    });
    await budget.take(3);
    const controller = new AbortController();
    const waiting = budget.take(3, controller.signal);
    controller.abort(new Error("job stopped"));
    await expect(waiting).rejects.toThrow("job stopped");
  });
});
