import { Redis } from "ioredis";
import { afterAll, describe, expect, inject, it } from "vitest";
import { RedisDeliveryClaims } from "../../../src/state/delivery-claims.js";

const redis = new Redis(inject("redisUrl"));
afterAll(() => redis.disconnect());

const prefix = (tag: string): string => `dc${Date.now().toString(36)}${tag}`;

/** Resolves when Redis has expired the key (keyspace polling: the event is the key's absence). */
async function untilGone(key: string): Promise<void> {
  while ((await redis.exists(key)) === 1) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe("RedisDeliveryClaims on real Redis", () => {
  it("grants a delivery to exactly one of many concurrent claimers, briefly until confirmed", async () => {
    const p = prefix("a");
    const claims = new RedisDeliveryClaims(redis, p);
    const results = await Promise.all(Array.from({ length: 20 }, () => claims.claim("guid-1")));
    expect(results.filter(Boolean)).toHaveLength(1);
    const pending = await redis.ttl(`${p}:delivery:{guid-1}`);
    expect(pending).toBeGreaterThan(0);
    expect(pending).toBeLessThanOrEqual(15);
    expect(await claims.claim("guid-2")).toBe(true);
  });

  it("holds a confirmed claim for a day", async () => {
    const p = prefix("c");
    const claims = new RedisDeliveryClaims(redis, p);
    expect(await claims.claim("guid-4")).toBe(true);
    await claims.confirm("guid-4");
    expect(await redis.ttl(`${p}:delivery:{guid-4}`)).toBeGreaterThan(24 * 3600 - 10);
    expect(await claims.claim("guid-4")).toBe(false);
  });

  it("hands a released claim to the next copy (a failed handler's redelivery is handled)", async () => {
    const claims = new RedisDeliveryClaims(redis, prefix("r"));
    expect(await claims.claim("guid-3")).toBe(true);
    await claims.release("guid-3");
    expect(await claims.claim("guid-3")).toBe(true);
    expect(await claims.claim("guid-3")).toBe(false);
  });

  it("lets an unconfirmed claim lapse on its own (Redis dropped before the release)", async () => {
    const p = prefix("l");
    const claims = new RedisDeliveryClaims(redis, p, { pendingSeconds: 1, handledSeconds: 3600 });
    expect(await claims.claim("guid-5")).toBe(true);
    expect(await claims.claim("guid-5")).toBe(false);
    await untilGone(`${p}:delivery:{guid-5}`);
    expect(await claims.claim("guid-5")).toBe(true);
  });

  it("does not revive a claim that lapsed before its confirmation", async () => {
    const p = prefix("x");
    const claims = new RedisDeliveryClaims(redis, p);
    await claims.confirm("guid-6");
    expect(await redis.exists(`${p}:delivery:{guid-6}`)).toBe(0);
  });
});
