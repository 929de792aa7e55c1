import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { closeRedis, createRedisConnection, type RedisClient } from "../../../src/state/connection.js";
import { enqueueMention, openQueues, type Queues } from "../../../src/queue/queues.js";
import type { ReviewJobInput as ReviewJob } from "../../../src/queue/jobs.js";

describe("enqueueMention (real Redis)", () => {
  let connection: RedisClient;
  let queues: Queues;

  beforeEach(() => {
    connection = createRedisConnection(inject("redisUrl"));
    queues = openQueues({ connection, prefix: `t${randomUUID().slice(0, 8)}`, attempts: 3 });
  });
  afterEach(async () => {
    await queues.mentions.obliterate({ force: true });
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
    const first = await enqueueMention(queues, job(delivery));
    const again = await enqueueMention(queues, job(delivery));
    expect(first).toEqual({ jobId: `mention-${delivery}`, added: true });
    expect(again).toEqual({ jobId: `mention-${delivery}`, added: false });
    expect(await queues.mentions.getJobCounts("waiting")).toEqual({ waiting: 1 });
    const stored = await queues.mentions.getJob(first.jobId);
    expect(stored?.data).toEqual({
      ...job(delivery),
      headSha: null,
      mode: "full",
      quiet: false,
      scope: null,
      checkRunId: null,
      focus: null,
      modelWaitSince: null,
      useFallbackModel: false,
    });
    expect(stored?.opts.attempts).toBe(3);
  });

  it("refuses a payload that does not match the job schema", async () => {
    await expect(enqueueMention(queues, { ...job("d"), pullNumber: -1 })).rejects.toThrow();
    expect(await queues.mentions.count()).toBe(0);
  });
});
