import { Queue, type JobsOptions } from "bullmq";
import type { Cluster, Redis } from "ioredis";

/** A single-node or Cluster client, as `src/state/connection.ts` makes them. */
type RedisClient = Redis | Cluster;
import { within } from "../deadline.js";
import { QueueUnavailableError } from "../errors.js";
import { prKey } from "../review/pipeline/idempotency.js";
import { QUEUES, safeJobId } from "./names.js";
import {
  conversationJobSchema,
  reviewJobSchema,
  type ConversationJob,
  type ConversationJobInput,
  type ReviewJob,
  type ReviewJobInput,
} from "./jobs.js";

export interface QueueSettings {
  connection: RedisClient;
  /** BullMQ key prefix; use a `{hash-tag}` on Redis Cluster. */
  prefix: string;
  /** Total tries of a job, the first included. */
  attempts: number;
  /**
   * How long an enqueue may take before it fails with {@link QueueUnavailableError} (the webhook then
   * answers 503). Well under GitHub's 10 s and the webhook library's 9 s "still processing" 202.
   * Default {@link DEFAULT_ENQUEUE_DEADLINE_MS}.
   */
  enqueueDeadlineMs?: number;
}

export const DEFAULT_ENQUEUE_DEADLINE_MS = 2_000;

/** The producer side: what the web role needs to enqueue work. */
export interface Queues {
  /** Everything a person asked for: reviews (job name "review") and conversations ("conversation"). */
  mentions: Queue<ReviewJob | ConversationJob>;
  reviews: Queue<ReviewJob>;
  /** See {@link QueueSettings.enqueueDeadlineMs}. */
  enqueueDeadlineMs: number;
  close(): Promise<void>;
}

function defaultJobOptions(attempts: number): JobsOptions {
  return {
    attempts,
    // Computed by the worker: exponential with jitter, or what a service's retry-after said.
    backoff: { type: "retry-after" },
    // A completed job must outlive any plausible redelivery of its webhook, or the redelivery
    // would run the review again; a day covers GitHub's manual "Redeliver" button in practice.
    removeOnComplete: { age: 24 * 3600, count: 10_000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}

export function openQueues(settings: QueueSettings): Queues {
  const options = {
    connection: settings.connection,
    prefix: settings.prefix,
    defaultJobOptions: defaultJobOptions(settings.attempts),
  };
  const mentions = new Queue<ReviewJob | ConversationJob>(QUEUES.mentions, options);
  const reviews = new Queue<ReviewJob>(QUEUES.reviews, options);
  return {
    mentions,
    reviews,
    enqueueDeadlineMs: settings.enqueueDeadlineMs ?? DEFAULT_ENQUEUE_DEADLINE_MS,
    async close() {
      await Promise.all([mentions.close(), reviews.close()]);
    },
  };
}

/**
 * Enqueues work a person asked for. The job id derives from the webhook delivery GUID, so a
 * redelivered webhook is a no-op while the first job is still known to Redis.
 */
export async function enqueueMention(
  queues: Queues,
  job: ReviewJobInput,
): Promise<{ jobId: string; added: boolean }> {
  const data = reviewJobSchema.parse(job);
  const jobId = safeJobId(data.trigger, data.deliveryId);
  return inTime(queues, "mention", async () => {
    const existing = await queues.mentions.getJob(jobId);
    if (existing) return { jobId, added: false };
    await queues.mentions.add("review", data, { jobId });
    return { jobId, added: true };
  });
}

/**
 * Every enqueue goes through here: Redis must take the job within the deadline, or the caller gets
 * a {@link QueueUnavailableError} (never a success for work that is not in Redis). A job added after
 * the deadline (a command flushed late from the offline queue) is harmless: the redelivery of the
 * same delivery GUID finds it by its job id.
 */
function inTime<T>(queues: Queues, what: string, work: () => Promise<T>): Promise<T> {
  return within(
    queues.enqueueDeadlineMs,
    work,
    () =>
      new QueueUnavailableError(`Redis did not take the ${what} job within ${queues.enqueueDeadlineMs} ms`),
  ).catch((error: unknown) => {
    if (error instanceof QueueUnavailableError) throw error;
    throw new QueueUnavailableError(`Redis refused the ${what} job`, { cause: error });
  });
}

/** Enqueues a conversation command; a redelivered webhook is a no-op, as for reviews. */
export async function enqueueConversation(
  queues: Queues,
  job: ConversationJobInput,
): Promise<{ jobId: string; added: boolean }> {
  const data = conversationJobSchema.parse(job);
  const jobId = safeJobId(data.command, data.deliveryId);
  return inTime(queues, "conversation", async () => {
    const existing = await queues.mentions.getJob(jobId);
    if (existing) return { jobId, added: false };
    await queues.mentions.add("conversation", data, { jobId });
    return { jobId, added: true };
  });
}

export interface AutoReviewOptions {
  /** Wait this long for more pushes before reviewing (the newest head wins). 0 = at once. */
  debounceMs: number;
}

/** The deduplication id that keeps at most one running and one waiting automatic review per PR. */
export function autoReviewDedupId(job: Pick<ReviewJob, "owner" | "repo" | "pullNumber">): string {
  return safeJobId("pr", prKey(job.owner, job.repo, job.pullNumber));
}

/**
 * Drafts' quiet passes yield to reviews of PRs that are ready (BullMQ runs jobs without a priority
 * first, then the lowest number): someone is waiting for those.
 */
const DRAFT_PRIORITY = 10;

/** States in which BullMQ drops a deduplicated add instead of replacing or keeping it. */
const DROPPING_STATES: ReadonlySet<string> = new Set(["waiting", "prioritized", "waiting-children"]);

/** Rounds of "remove the queued job, add again" before giving up to whatever BullMQ keeps. */
const REPLACE_ROUNDS = 3;

/**
 * Enqueues an automatic review. Per PR, BullMQ deduplication keeps at most one review running and
 * one waiting: while the waiting one is still delayed, a newer event replaces it (its data — the
 * newest head — and its delay, which makes the delay a debounce); while one runs, the newest
 * event's data is kept and started when the running one ends. BullMQ simply drops the add while
 * the queued job is waiting or prioritized (its delay over, no worker free yet): that job is then
 * removed here and this one added in its place (a full pass it promised stays full), so the newest
 * push is never lost. Returns the job
 * replaced that way, whose queued check run the caller completes.
 */
export async function enqueueAutoReview(
  queues: Queues,
  job: ReviewJobInput,
  options: AutoReviewOptions,
): Promise<{ jobId: string; replaced: ReviewJob | null }> {
  const data = reviewJobSchema.parse(job);
  const jobId = safeJobId(data.trigger, data.deliveryId);
  const opts: JobsOptions = {
    jobId,
    delay: options.debounceMs,
    deduplication: { id: autoReviewDedupId(data), keepLastIfActive: true, replace: true },
    ...(data.quiet ? { priority: DRAFT_PRIORITY } : {}),
  };
  let replaced: ReviewJob | null = null;
  for (let round = 0; round < REPLACE_ROUNDS; round++) {
    const added = await inTime(queues, "automatic review", () => queues.reviews.add("review", data, opts));
    if (added.id === jobId) break;
    const existing = added.id === undefined ? undefined : await queues.reviews.getJob(added.id);
    if (!existing || !DROPPING_STATES.has(await existing.getState())) break;
    // Removal fails on a job a worker just took (it is locked): the next add is then kept for
    // after it (`keepLastIfActive`).
    if ((await queues.reviews.remove(added.id as string)) === 1) {
      replaced = existing.data;
      // The replaced job never ran: a full pass it promised (opened, ready, re-run) is kept.
      if (replaced.mode === "full") data.mode = "full";
    }
  }
  return { jobId, replaced };
}

/** Drops the waiting automatic review of a PR (closed PRs); a running one notices on its own. */
export async function dropPendingReview(
  queues: Queues,
  pr: Pick<ReviewJob, "owner" | "repo" | "pullNumber">,
): Promise<ReviewJob | null> {
  const jobId = await queues.reviews.getDeduplicationJobId(autoReviewDedupId(pr));
  if (!jobId) return null;
  const job = await queues.reviews.getJob(jobId);
  if (!job) return null;
  const state = await job.getState();
  if (state !== "delayed" && state !== "waiting" && state !== "prioritized") return null;
  await job.remove();
  return job.data;
}
