import { randomUUID } from "node:crypto";
import { Worker } from "bullmq";
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { closeRedis, createRedisConnection, type RedisClient } from "../../../src/state/connection.js";
import type { ReviewJob, ReviewJobInput } from "../../../src/queue/jobs.js";
import { QUEUES } from "../../../src/queue/names.js";
import { dropPendingReview, enqueueAutoReview, openQueues, type Queues } from "../../../src/queue/queues.js";

const sha = (n: number): string => n.toString(16).padStart(40, "0");

function push(n: number, pullNumber = 3): ReviewJobInput {
  return {
    trigger: "push",
    installationId: 1,
    owner: "acme",
    repo: "widgets",
    pullNumber,
    headSha: sha(n),
    mode: "incremental",
    deliveryId: `delivery-${n}-${randomUUID()}`,
  };
}

describe("automatic reviews: debounce and at most one running + one waiting per PR (real Redis)", () => {
  let connection: RedisClient;
  let workerConnection: RedisClient;
  let queues: Queues;
  let prefix: string;
  let worker: Worker<ReviewJob> | undefined;

  beforeEach(() => {
    prefix = `t${randomUUID().slice(0, 8)}`;
    connection = createRedisConnection(inject("redisUrl"));
    workerConnection = createRedisConnection(inject("redisUrl"));
    queues = openQueues({ connection, prefix, attempts: 1 });
  });
  afterEach(async () => {
    await worker?.close();
    worker = undefined;
    await queues.reviews.obliterate({ force: true });
    await queues.close();
    await closeRedis(connection);
    await closeRedis(workerConnection);
  });

  async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** No job of the queue left to run: a debounced, replaced or kept-for-later one included. */
  async function idle(): Promise<void> {
    await until(async () => {
      const counts = await queues.reviews.getJobCounts("waiting", "delayed", "prioritized", "active");
      return Object.values(counts).every((n) => n === 0);
    }, "the queue to drain");
  }

  function startWorker(onJob: (job: ReviewJob) => Promise<void>): void {
    worker = new Worker<ReviewJob>(QUEUES.reviews, async (job) => onJob(job.data), {
      connection: workerConnection,
      prefix,
      concurrency: 4,
    });
  }

  it("coalesces a burst of pushes into one review of the newest head", async () => {
    for (let n = 1; n <= 5; n++) await enqueueAutoReview(queues, push(n), { debounceMs: 400 });
    expect(await queues.reviews.getJobCounts("delayed", "waiting")).toEqual({ delayed: 1, waiting: 0 });
    const seen: string[] = [];
    startWorker(async (job) => {
      seen.push(job.headSha ?? "");
    });
    await until(() => seen.length > 0, "the debounced review");
    await idle();
    expect(seen).toEqual([sha(5)]);
  });

  it("keeps the newest event while a review runs, and runs it after", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const seen: string[] = [];
    startWorker(async (job) => {
      seen.push(job.headSha ?? "");
      if (seen.length === 1) await gate;
    });
    await enqueueAutoReview(queues, push(1), { debounceMs: 0 });
    await until(() => seen.length === 1, "the first review to start");
    for (let n = 2; n <= 4; n++) await enqueueAutoReview(queues, push(n), { debounceMs: 0 });
    // Another PR's review, queued after them: jobs start in the order queued, so once it has
    // started, a review of this PR that was free to start would have too.
    await enqueueAutoReview(queues, push(99, 4), { debounceMs: 0 });
    try {
      await until(() => seen.includes(sha(99)), "the other PR's review");
      // Concurrency 4, yet the PR's second review waits for the first.
      expect(seen).toEqual([sha(1), sha(99)]);
    } finally {
      // Also on a failed expectation: a job held open would keep the worker from closing.
      release();
    }
    await until(() => seen.length === 3, "the kept review");
    await idle();
    expect(seen).toEqual([sha(1), sha(99), sha(4)]);
  });

  it("drops the waiting review of a closed PR", async () => {
    await enqueueAutoReview(queues, push(7), { debounceMs: 5_000 });
    const dropped = await dropPendingReview(queues, { owner: "acme", repo: "widgets", pullNumber: 3 });
    expect(dropped?.headSha).toBe(sha(7));
    expect(await queues.reviews.getJobCounts("delayed", "waiting")).toEqual({ delayed: 0, waiting: 0 });
    expect(await dropPendingReview(queues, { owner: "acme", repo: "widgets", pullNumber: 3 })).toBeNull();
  });
});
