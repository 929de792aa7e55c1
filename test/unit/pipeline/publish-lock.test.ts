import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { Probot } from "probot";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { isBotError } from "../../../src/errors.js";
import type { GitHubClient } from "../../../src/github/client.js";
import { GitHubPublisher } from "../../../src/github/publisher.js";
import { GitHubReader } from "../../../src/github/reader.js";
import { prKey, reviewMarker } from "../../../src/review/pipeline/idempotency.js";
import { reservePublish } from "../../../src/review/pipeline/publish.js";
import { takePublishLock } from "../../../src/review/pipeline/publish-lock.js";
import { PrState } from "../../../src/state/pr-state.js";
import { SAMPLE } from "../../fixtures/github/sample-pr.js";
import { startSampleFake, type SampleFake } from "../../fixtures/github/fake-setup.js";
import { UNTHROTTLED } from "../../support/octokit.js";

const pr = { owner: SAMPLE.owner, repo: SAMPLE.repo, pullNumber: SAMPLE.number };
const TTL = 300;

/** Polls `condition` every few milliseconds until it holds (a renewal is an event we cannot hook). */
async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("the publish lock", () => {
  const redis = new Redis(inject("redisUrl"));
  let sample: SampleFake;
  let octokit: GitHubClient;
  beforeAll(async () => {
    sample = await startSampleFake();
    const probot = new Probot({
      appId: sample.appId,
      privateKey: sample.keys.privateKeyPem,
      baseUrl: sample.fake.apiUrl,
      Octokit: UNTHROTTLED.defaults({ retry: { enabled: false } }),
      logLevel: "fatal",
    });
    octokit = (await probot.auth(SAMPLE.installationId)) as GitHubClient;
  });
  afterAll(async () => {
    await sample?.fake.close();
    await redis.quit();
  });

  const fresh = (): { memory: PrState; key: string; lockKey: string } => {
    const prefix = `pl${randomUUID().slice(0, 8)}`;
    const key = `${SAMPLE.headSha}/full`;
    const lockKey = `${prefix}:pr:{${prKey(pr.owner, pr.repo, pr.pullNumber)}}:publishing:${key}`;
    return { memory: new PrState(redis, prefix), key, lockKey };
  };

  it("stays held past its time to live while it is renewed, and is free once released", async () => {
    const { memory, key } = fresh();
    const taken = await takePublishLock(memory, pr, key, TTL);
    expect(taken.status).toBe("held");
    const since = Date.now();
    // Another worker is refused all along, told how long the lock has left.
    await until(async () => {
      const other = await takePublishLock(memory, pr, key, TTL);
      expect(other).toMatchObject({ status: "busy" });
      const remaining = other.status === "busy" ? other.remainingMs : -1;
      expect(remaining).toBeGreaterThan(0);
      expect(remaining).toBeLessThanOrEqual(TTL);
      return Date.now() - since > 4 * TTL;
    }, "four lives of the lock");
    if (taken.status !== "held") throw new Error("not held");
    expect(await taken.lock.confirm()).toBe(true);
    await taken.lock.release();
    const after = await takePublishLock(memory, pr, key, TTL);
    expect(after.status).toBe("held");
    if (after.status === "held") await after.lock.release();
  });

  it("is never taken back once lost: renewal stops and the other owner's lock is left alone", async () => {
    const { memory, key, lockKey } = fresh();
    const taken = await takePublishLock(memory, pr, key, TTL);
    if (taken.status !== "held") throw new Error("not held");
    // It expired (a long pause) and another worker took it, for longer than ours would last.
    await redis.set(lockKey, "another-worker", "PX", 60_000);
    expect(await taken.lock.confirm()).toBe(false);
    await until(async () => (await redis.pttl(lockKey)) < 59_000, "a while after the loss", 5_000);
    expect(await redis.get(lockKey)).toBe("another-worker");
    // Our release does not delete their lock.
    await taken.lock.release();
    expect(await redis.get(lockKey)).toBe("another-worker");
  });

  it("does not post when the lock was lost after it was reserved", async () => {
    const { memory, key, lockKey } = fresh();
    const marker = reviewMarker(pr, key);
    const deps = {
      reader: new GitHubReader(octokit),
      publisher: new GitHubPublisher(octokit),
      memory,
      botLogin: sample.fake.botLogin,
    };
    const reservation = await reservePublish(deps, { pr, key, marker });
    if (reservation.status !== "reserved") throw new Error("not reserved");
    await redis.set(lockKey, "another-worker", "PX", 60_000);
    // A renewal or two later, the other worker's lock is still theirs, untouched.
    await until(async () => (await redis.pttl(lockKey)) < 59_500, "a renewal after the loss", 5_000);
    const posting = reservation.post({ commitId: SAMPLE.headSha, body: `Review\n${marker}`, comments: [] });
    const error = await posting.then(
      () => null,
      (e: unknown) => e,
    );
    expect(isBotError(error) && { code: error.code, retryable: error.retryable }).toEqual({
      code: "publish_busy",
      retryable: true,
    });
    expect(sample.fake.requestsFor("pulls/create-review")).toEqual([]);
    expect(await redis.get(lockKey)).toBe("another-worker");
  });

  it("tells a refused worker to wait out the holder's lock", async () => {
    const { memory, key } = fresh();
    const taken = await takePublishLock(memory, pr, key);
    if (taken.status !== "held") throw new Error("not held");
    const deps = {
      reader: new GitHubReader(octokit),
      publisher: new GitHubPublisher(octokit),
      memory,
      botLogin: sample.fake.botLogin,
    };
    const error = await reservePublish(deps, { pr, key, marker: reviewMarker(pr, key) }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isBotError(error) && error.code).toBe("publish_busy");
    const wait = isBotError(error) ? (error.retryAfterMs ?? 0) : 0;
    expect(wait).toBeGreaterThan(3_000);
    expect(wait).toBeLessThanOrEqual(5_000);
    await taken.lock.release();
  });
});
