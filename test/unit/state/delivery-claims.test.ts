import { Redis } from "ioredis";
import { afterAll, describe, expect, inject, it } from "vitest";
import { DeliveryClaims } from "../../../src/state/delivery-claims.js";

const redis = new Redis(inject("redisUrl"));
afterAll(() => redis.disconnect());

describe("DeliveryClaims on real Redis", () => {
  it("grants a delivery to exactly one of many concurrent claimers, for a day", async () => {
    const prefix = `dc${Date.now().toString(36)}`;
    const claims = new DeliveryClaims(redis, prefix);
    const results = await Promise.all(Array.from({ length: 20 }, () => claims.claim("guid-1")));
    expect(results.filter(Boolean)).toHaveLength(1);
    const ttl = await redis.ttl(`${prefix}:delivery:{guid-1}`);
    expect(ttl).toBeGreaterThan(24 * 3600 - 10);
    expect(await claims.claim("guid-2")).toBe(true);
  });

  it("hands a released claim to the next copy (a failed handler's redelivery is handled)", async () => {
    const claims = new DeliveryClaims(redis, `dc${Date.now().toString(36)}r`);
    expect(await claims.claim("guid-3")).toBe(true);
    await claims.release("guid-3");
    expect(await claims.claim("guid-3")).toBe(true);
    expect(await claims.claim("guid-3")).toBe(false);
  });
});
