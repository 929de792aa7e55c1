import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedRedis } from "../../src/queue/embedded-redis.js";

declare module "vitest" {
  export interface ProvidedContext {
    redisUrl: string;
  }
}

/**
 * One private `redis-server` for the whole run (tests isolate themselves with unique BullMQ
 * prefixes), unless TEST_REDIS_URL points at one to use instead.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const given = process.env.TEST_REDIS_URL;
  if (given) {
    project.provide("redisUrl", given);
    return async () => {};
  }
  const dataDir = mkdtempSync(join(tmpdir(), "codex-test-redis-"));
  const redis = await startEmbeddedRedis({ dataDir, persist: false });
  project.provide("redisUrl", redis.url);
  return async () => {
    await redis.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
