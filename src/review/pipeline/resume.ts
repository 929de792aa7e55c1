import type { PullRequestRef } from "../ports.js";
import type { CheckRunTracker } from "./check-run.js";
import type { ComposedRecord } from "./composed-record.js";
import type { ReviewContext } from "./context.js";
import { settleLedger } from "./ledger-step.js";
import { reservePublish } from "./publish.js";

export interface ResumeInput {
  pr: PullRequestRef;
  headSha: string;
  key: string;
  marker: string;
  /** The review GitHub (or Redis) shows for the key, if any. */
  posted: number | null;
  /** The review a previous attempt composed for the key, if it got that far. */
  record: ComposedRecord | null;
  check: CheckRunTracker;
  checkRunId: number | null;
}

export type Resumed =
  | { status: "already-posted"; reviewId: number }
  | { status: "posted"; reviewId: number; headSha: string; inline: number };

const ALREADY_POSTED = {
  conclusion: "success" as const,
  title: "Review posted",
  summary: "This review was already posted; nothing was repeated.",
};

/**
 * Finishes a review an earlier attempt got far enough with, without asking the model again: when
 * the review is on GitHub already (the POST was taken, then answered 5xx; or the worker died after
 * it), the ledger is settled exactly as after a fresh post; when it was composed but not posted,
 * the stored review is posted — under the publish lock, after one more look for its marker.
 * Returns null when there is nothing to resume: the review is composed from the start.
 */
export async function resumeReview(ctx: ReviewContext, input: ResumeInput): Promise<Resumed | null> {
  const { pr, headSha, key, marker, record } = input;
  let reviewId = input.posted;
  let fresh = false;
  if (reviewId === null) {
    if (record === null || record.headSha !== headSha) return null;
    const deps = {
      reader: ctx.reader,
      publisher: ctx.publisher,
      memory: ctx.memory,
      botLogin: ctx.ledger.botLogin,
    };
    const reservation = await reservePublish(deps, { pr, key, marker });
    if (reservation.status === "already-posted") reviewId = reservation.reviewId;
    else {
      reviewId = (await reservation.post(record.review)).reviewId;
      fresh = true;
    }
  }
  // A mention's key outlives a push: the review it posted belongs to the head it was composed for.
  const reviewed = record?.headSha ?? headSha;
  await settleStored(ctx, { pr, headSha: reviewed, key, reviewId, record });
  const state = record?.check ?? ALREADY_POSTED;
  await input.check.begin(reviewed, key, input.checkRunId, { status: "completed", ...state });
  ctx.log.info({ key, reviewId, posted: fresh, stored: record !== null }, "review resumed");
  return fresh
    ? { status: "posted", reviewId, headSha, inline: record?.review.comments.length ?? 0 }
    : { status: "already-posted", reviewId };
}

/**
 * Records a posted review in the ledger as a fresh post does: its own claims taken back (or the
 * findings claimed again when they were released), comment ids recorded, the rest released,
 * reconcile's actions applied, and the reviewed head set — so the next push repeats nothing.
 */
async function settleStored(
  ctx: ReviewContext,
  input: {
    pr: PullRequestRef;
    headSha: string;
    key: string;
    reviewId: number;
    record: ComposedRecord | null;
  },
): Promise<void> {
  const { pr, headSha, key, reviewId, record } = input;
  if (record !== null) {
    await ctx.ledger.ledger.claim(record.candidates, headSha, key);
    const claimed = record.candidates.map((c) => c.fingerprint);
    await settleLedger(ctx.ledger, { pr, headSha, reviewId, decision: { claimed, plan: record } });
  }
  await ctx.memory.setReviewedHead(pr, headSha);
}
