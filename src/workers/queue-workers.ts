import { Worker, type Job } from "bullmq";
import type { ConversationJob, ReviewJob } from "../queue/jobs.js";
import { QUEUES, type QueueName } from "../queue/names.js";
import type { ConversationOutcome } from "../review/conversation/run-conversation.js";
import type { ReviewOutcome } from "../review/pipeline/run-review.js";
import { retryAfterBackoff } from "./backoff.js";
import { processConversation } from "./conversation-worker.js";
import type { WorkerDeps } from "./deps.js";
import { processReview } from "./review-worker.js";

export type { WorkerDeps, WorkerState } from "./deps.js";

type AnyJob = ReviewJob | ConversationJob;
type AnyOutcome = ReviewOutcome | ConversationOutcome;

/**
 * One BullMQ worker per queue (mentions have their own, so automatic work never starves them).
 * A queue carries both kinds of job — a mention may ask for a review or a conversation — so each
 * worker hands a job to its processor by name: `processReview` or `processConversation`.
 */
export function startQueueWorkers(deps: WorkerDeps): Array<Worker<AnyJob, AnyOutcome>> {
  return [QUEUES.mentions, QUEUES.reviews].map((name) => startWorker(deps, name));
}

function startWorker(deps: WorkerDeps, name: QueueName): Worker<AnyJob, AnyOutcome> {
  const worker = new Worker<AnyJob, AnyOutcome>(
    name,
    (job, _token, signal) =>
      job.name === "conversation"
        ? processConversation(deps, job as unknown as Job<ConversationJob>, signal)
        : processReview(deps, job as Job<ReviewJob>, signal),
    {
      connection: deps.connection,
      prefix: deps.prefix,
      concurrency: deps.concurrency,
      // BullMQ renews the lock while a job runs; its length only bounds how long a crashed
      // worker's job waits before another worker takes it over.
      lockDuration: deps.lockDurationMs,
      settings: { backoffStrategy: retryAfterBackoff },
      // BullMQ honours a queue rate limit (set on a model 429) only in workers with a limiter; this
      // one is far above any real rate, there only to switch that check on.
      limiter: { max: 10_000, duration: 1_000 },
      stalledInterval: Math.min(30_000, deps.lockDurationMs),
    },
  );
  worker.on("failed", (job, error) => {
    deps.log.warn(
      { queue: name, jobId: job?.id, attempts: job?.attemptsMade, err: error.message },
      "job failed",
    );
  });
  worker.on("error", (error) => deps.redisErrors.report(error, { queue: name }));
  return worker;
}
