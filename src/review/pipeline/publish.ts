import { randomUUID } from "node:crypto";
import { BotError } from "../../errors.js";
import type { NewReview, PullRequestRef, ReviewPublisher } from "../ports.js";
import { findPosted, type PostedLookup } from "./idempotency.js";

export type PublishResult =
  { status: "posted"; reviewId: number } | { status: "already-posted"; reviewId: number };

export interface PublishInput {
  pr: PullRequestRef;
  /** Idempotency key: one posted review per key. */
  key: string;
  /** The hidden marker of this key, already in the review's body. */
  marker: string;
}

/** Long enough for one POST with GitHub's worst latency; short enough that a crash frees it soon. */
const PUBLISH_LOCK_MS = 30_000;

/** The publish lock of a key, held after its last look found no posted review. */
export type Reservation =
  | { status: "already-posted"; reviewId: number }
  | {
      status: "reserved";
      /** Posts (never retried here), records the id, and releases the lock. */
      post(review: NewReview): Promise<PublishResult>;
      /** Gives the lock back without posting. */
      release(): Promise<void>;
    };

/**
 * Takes the publish lock of `key` and looks for the review once more under it (Redis, then GitHub's
 * markers): whoever holds the lock and found nothing may post. Taken as the model's last lane ends,
 * so that this look runs while the review is composed rather than after.
 */
export async function reservePublish(
  deps: PostedLookup & { publisher: ReviewPublisher },
  input: PublishInput,
): Promise<Reservation> {
  const { pr, key, marker } = input;
  const release = await deps.memory.lockPublish(pr, key, randomUUID(), PUBLISH_LOCK_MS);
  if (!release) {
    // Someone else is posting this very review; retrying later will find what they posted.
    throw new BotError("publish_busy", `another worker is publishing ${key}`, {
      retryable: true,
      retryAfterMs: 2_000,
    });
  }
  let raced: number | null;
  try {
    raced = await findPosted(deps, pr, key, marker);
  } catch (error) {
    await release();
    throw error;
  }
  if (raced !== null) {
    await release();
    return { status: "already-posted", reviewId: raced };
  }
  return {
    status: "reserved",
    release,
    async post(review) {
      try {
        const { id } = await deps.publisher.createReview(pr, review);
        await deps.memory.recordPosted(pr, key, id);
        return { status: "posted", reviewId: id };
      } finally {
        await release();
      }
    },
  };
}
