import type { NewReview, PullRequestRef, ReviewPublisher } from "../ports.js";
import { findPosted, type PostedLookup } from "./idempotency.js";
import { publishBusy, takePublishLock } from "./publish-lock.js";

export type PublishResult =
  { status: "posted"; reviewId: number } | { status: "already-posted"; reviewId: number };

export interface PublishInput {
  pr: PullRequestRef;
  /** Idempotency key: one posted review per key. */
  key: string;
  /** The hidden marker of this key, already in the review's body. */
  marker: string;
}

/** The publish lock of a key, held after its last look found no posted review. */
export type Reservation =
  | { status: "already-posted"; reviewId: number }
  | {
      status: "reserved";
      /**
       * Posts (never retried here), records the id, and releases the lock. Refuses to post when
       * the lock was lost meanwhile: the retry looks again for what its new holder posted.
       */
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
  const taken = await takePublishLock(deps.memory, pr, key);
  if (taken.status === "busy") {
    // Someone else is posting this very review: the retry, once their lock has had time to end,
    // finds what they posted — or, when they died holding it, takes it.
    throw publishBusy(key, taken.remainingMs, "another worker is publishing");
  }
  const release = (): Promise<void> => taken.lock.release();
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
        if (!(await taken.lock.confirm())) throw publishBusy(key, 0, "lost the publish lock of");
        const { id } = await deps.publisher.createReview(pr, review);
        await deps.memory.recordPosted(pr, key, id);
        return { status: "posted", reviewId: id };
      } finally {
        await release();
      }
    },
  };
}
