import { Redis } from "ioredis";
import { afterAll, describe, expect, inject, it } from "vitest";
import { RedisOutsiderBudget } from "../../../src/state/outsider-budget.js";

const redis = new Redis(inject("redisUrl"));
afterAll(() => redis.disconnect());
const prefix = () => `ob${Math.random().toString(36).slice(2, 8)}`;

describe("RedisOutsiderBudget on real Redis", () => {
  it("counts each review key once and stops an author at the daily limit, even under concurrency", async () => {
    const budget = new RedisOutsiderBudget(redis, prefix(), {
      perAuthorPerDay: 3,
      perInstallationPerHour: 100,
    });
    const spend = (reviewKey: string) => budget.spend({ installationId: 1, author: "Olga", reviewKey });
    expect(await spend("a")).toEqual({ allowed: true });
    expect(await spend("a")).toEqual({ allowed: true });
    const results = await Promise.all(["b", "c", "d", "e", "f"].map(spend));
    expect(results.filter((r) => r.allowed)).toHaveLength(2);
    expect(results.filter((r) => !r.allowed)).toEqual(Array(3).fill({ allowed: false, limit: "author" }));
    // Another author, another installation: their own budgets.
    expect(await budget.spend({ installationId: 1, author: "ivan", reviewKey: "g" })).toEqual({
      allowed: true,
    });
  });

  it("stops every outsider of an installation at its hourly limit", async () => {
    const budget = new RedisOutsiderBudget(redis, prefix(), {
      perAuthorPerDay: 5,
      perInstallationPerHour: 2,
    });
    const spend = (author: string) => budget.spend({ installationId: 9, author, reviewKey: author });
    expect(await spend("a")).toEqual({ allowed: true });
    expect(await spend("b")).toEqual({ allowed: true });
    expect(await spend("c")).toEqual({ allowed: false, limit: "installation" });
    expect(await budget.spend({ installationId: 10, author: "c", reviewKey: "c" })).toEqual({
      allowed: true,
    });
  });
});
