import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { QUEUES } from "../../src/queue/names.js";

const PENDING = ["waiting", "active", "delayed", "prioritized", "waiting-children"] as const;

/**
 * Resolves once the app's queues hold no pending job: everything the bot does after a webhook's
 * answer happens in a job, so "nothing more happened" can be asserted then instead of after a fixed
 * sleep. Two idle looks in a row, so a job that a finishing one adds is not missed.
 */
export async function queuesSettled(redisUrl: string, prefix: string, timeoutMs = 15_000): Promise<void> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queues = Object.values(QUEUES).map((name) => new Queue(name, { connection, prefix }));
  try {
    const deadline = Date.now() + timeoutMs;
    let idleLooks = 0;
    while (idleLooks < 2) {
      if (Date.now() > deadline) throw new Error(`queues still busy after ${timeoutMs} ms`);
      const counts = await Promise.all(queues.map((q) => q.getJobCounts(...PENDING)));
      const pending = counts.reduce((n, c) => n + PENDING.reduce((m, s) => m + (c[s] ?? 0), 0), 0);
      idleLooks = pending === 0 ? idleLooks + 1 : 0;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await Promise.all(queues.map((q) => q.close()));
    connection.disconnect();
  }
}
