import { randomUUID } from "node:crypto";
import { Worker } from "bullmq";
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { closeRedis, createRedisConnection, type RedisClient } from "../../../src/state/connection.js";
import type { ReviewJob, ReviewJobInput } from "../../../src/queue/jobs.js";
import { QUEUES } from "../../../src/queue/names.js";
import { dropPendingReview, enqueueAutoReview, openQueues, type Queues } from "../../../src/queue/queues.js";

const sha = (n: number): string => n.toString(16).padStart(40, "0");

function push(n: number): ReviewJobInput {
  return {
    trigger: "push",
    installationId: 1,
    owner: "acme",
    repo: "widgets",
    pullNumber: 3,
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
    await new Promise((resolve) => setTimeout(resolve, 1200));
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
    while (seen.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    for (let n = 2; n <= 4; n++) await enqueueAutoReview(queues, push(n), { debounceMs: 0 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Concurrency 4, yet the PR's second review waits for the first.
    expect(seen).toEqual([sha(1)]);
    release();
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(seen).toEqual([sha(1), sha(4)]);
  });

  it("drops the waiting review of a closed PR", async () => {
    await enqueueAutoReview(queues, push(7), { debounceMs: 5_000 });
    const dropped = await dropPendingReview(queues, { owner: "acme", repo: "widgets", pullNumber: 3 });
    expect(dropped?.headSha).toBe(sha(7));
    expect(await queues.reviews.getJobCounts("delayed", "waiting")).toEqual({ delayed: 0, waiting: 0 });
    expect(await dropPendingReview(queues, { owner: "acme", repo: "widgets", pullNumber: 3 })).toBeNull();
  });
});
