import { Queue, type JobsOptions } from "bullmq";
import type { Redis } from "ioredis";
import { QUEUES, safeJobId } from "./names.js";
import { reviewJobSchema, type ReviewJob } from "./jobs.js";

export interface QueueSettings {
  connection: Redis;
  /** BullMQ key prefix; use a `{hash-tag}` on Redis Cluster. */
  prefix: string;
  /** Total tries of a job, the first included. */
  attempts: number;
}

/** The producer side: what the web role needs to enqueue work. */
export interface Queues {
  reviews: Queue<ReviewJob>;
  close(): Promise<void>;
}

export function openQueues(settings: QueueSettings): Queues {
  const reviews = new Queue<ReviewJob>(QUEUES.reviews, {
    connection: settings.connection,
    prefix: settings.prefix,
    defaultJobOptions: defaultJobOptions(settings.attempts),
  });
  return {
    reviews,
    async close() {
      await reviews.close();
    },
  };
}

function defaultJobOptions(attempts: number): JobsOptions {
  return {
    attempts,
    backoff: { type: "exponential", delay: 2_000, jitter: 0.5 },
    // A completed job must outlive any plausible redelivery of its webhook, or the redelivery
    // would run the review again; a day covers GitHub's manual "Redeliver" button in practice.
    removeOnComplete: { age: 24 * 3600, count: 10_000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}

/**
 * Enqueues a review. The job id derives from the webhook delivery GUID, so a redelivered webhook
 * is a no-op while the first job is still known to Redis.
 */
export async function enqueueReview(
  queues: Queues,
  job: ReviewJob,
): Promise<{ jobId: string; added: boolean }> {
  const data = reviewJobSchema.parse(job);
  const jobId = safeJobId(data.trigger, data.deliveryId);
  const existing = await queues.reviews.getJob(jobId);
  if (existing) return { jobId, added: false };
  await queues.reviews.add("review", data, { jobId });
  return { jobId, added: true };
}
