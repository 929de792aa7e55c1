import type { Job } from "bullmq";
import type { ReviewJob } from "../queue/jobs.js";
import type { Queues } from "../queue/queues.js";
import type { ReviewModel } from "../review/ports.js";

/** How long a review waits for the model's capacity before it moves to the fallback model. */
export interface CapacityOptions {
  /** `CODEX_FALLBACK_MODEL`; without it a review waits as long as the service says. */
  fallbackModel?: string | undefined;
  /** `CODEX_FALLBACK_AFTER_SECONDS`, in ms. */
  fallbackAfterMs: number;
}

/** What a rate-limited attempt does next. */
export interface CapacityPlan {
  /** When the service said capacity returns. */
  until: Date;
  /** The fallback model the next attempt uses at once, instead of waiting; null to wait. */
  switchTo: string | null;
}

/**
 * A model rate limit: the job waits until the reset the service stated, for real — BullMQ's queue
 * rate limit holds every job of both queues (one API key, one limit; the workers have a `limiter`,
 * without which BullMQ ignores it) and the job goes back to the queue without using up an attempt.
 * Once the job has waited (or would wait) longer than the configured time, and a fallback model is
 * set, it moves to that model at once instead.
 */
export async function waitForCapacity(
  queues: Queues,
  job: Job<ReviewJob>,
  data: ReviewJob,
  waitMs: number,
  options: CapacityOptions | undefined,
  now = Date.now(),
): Promise<CapacityPlan> {
  const since = data.modelWaitSince ?? now;
  const fallback = options?.fallbackModel;
  const switchTo =
    fallback !== undefined && !data.useFallbackModel && now + waitMs - since >= options!.fallbackAfterMs
      ? fallback
      : null;
  await job.updateData({
    ...data,
    modelWaitSince: since,
    useFallbackModel: data.useFallbackModel || switchTo !== null,
  });
  if (switchTo === null)
    await Promise.all([queues.mentions.rateLimit(waitMs), queues.reviews.rateLimit(waitMs)]);
  return { until: new Date(now + waitMs), switchTo };
}

/** The job's model: the fallback once it waited long enough for the primary's capacity. */
export function modelFor(
  model: ReviewModel,
  data: ReviewJob,
  options: CapacityOptions | undefined,
): {
  model: ReviewModel;
  id: string | null;
} {
  const fallback = options?.fallbackModel;
  if (!data.useFallbackModel || fallback === undefined) return { model, id: null };
  return {
    model: { complete: (request, call) => model.complete({ ...request, model: fallback }, call) },
    id: fallback,
  };
}
