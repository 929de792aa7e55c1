import { mkdtempSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError } from "../../../src/errors.js";
import { REDIS_MISSING_HELP, startEmbeddedRedis } from "../../../src/queue/embedded-redis.js";

describe("startEmbeddedRedis", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("starts a private redis-server with an append-only file and stops it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "codex-embedded-"));
    dirs.push(dir);
    const redis = await startEmbeddedRedis({ dataDir: join(dir, "data") });
    const client = new Redis(redis.url);
    try {
      expect(redis.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
      await client.set("k", "v");
      expect(await client.config("GET", "appendonly")).toEqual(["appendonly", "yes"]);
      expect(await client.config("GET", "bind")).toEqual(["bind", "127.0.0.1"]);
    } finally {
      client.disconnect();
      await redis.stop();
    }
    expect(existsSync(join(dir, "data"))).toBe(true);
    const after = new Redis(redis.url, {
      lazyConnect: true,
      retryStrategy: () => null,
      maxRetriesPerRequest: 0,
    });
    after.on("error", () => {});
    await expect(after.connect()).rejects.toThrow();
    after.disconnect();
  });

  it("explains what to do when redis-server is not installed", async () => {
    const dir = mkdtempSync(join(tmpdir(), "codex-embedded-"));
    dirs.push(dir);
    const attempt = startEmbeddedRedis({ dataDir: dir, binary: "redis-server-that-does-not-exist" });
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    await expect(attempt).rejects.toThrow(REDIS_MISSING_HELP);
    expect(REDIS_MISSING_HELP).toContain("QUEUE_REDIS_URL");
  });
});
