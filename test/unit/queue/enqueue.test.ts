import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import type { Redis } from "ioredis";
import { closeRedis, createRedisConnection } from "../../../src/queue/connection.js";
import { enqueueReview, openQueues, type Queues } from "../../../src/queue/queues.js";
import type { ReviewJob } from "../../../src/queue/jobs.js";

describe("enqueueReview (real Redis)", () => {
  let connection: Redis;
  let queues: Queues;

  beforeEach(() => {
    connection = createRedisConnection(inject("redisUrl"));
    queues = openQueues({ connection, prefix: `t${randomUUID().slice(0, 8)}`, attempts: 3 });
  });
  afterEach(async () => {
    await queues.reviews.obliterate({ force: true });
    await queues.close();
    await closeRedis(connection);
  });

  const job = (deliveryId: string): ReviewJob => ({
    trigger: "mention",
    installationId: 42,
    owner: "acme",
    repo: "widgets",
    pullNumber: 7,
    deliveryId,
    commentId: 1001,
    requestedBy: "octo-dev",
  });

  it("derives the job id from the delivery so a redelivery is a no-op", async () => {
    const delivery = randomUUID();
    const first = await enqueueReview(queues, job(delivery));
    const again = await enqueueReview(queues, job(delivery));
    expect(first).toEqual({ jobId: `mention-${delivery}`, added: true });
    expect(again).toEqual({ jobId: `mention-${delivery}`, added: false });
    expect(await queues.reviews.getJobCounts("waiting")).toEqual({ waiting: 1 });
    const stored = await queues.reviews.getJob(first.jobId);
    expect(stored?.data).toEqual(job(delivery));
    expect(stored?.opts.attempts).toBe(3);
  });

  it("refuses a payload that does not match the job schema", async () => {
    await expect(enqueueReview(queues, { ...job("d"), pullNumber: -1 })).rejects.toThrow();
    expect(await queues.reviews.count()).toBe(0);
  });
});
