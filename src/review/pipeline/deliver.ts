import type { SyncResult } from "../ledger/index.js";
import type { ReviewOutput } from "../findings/schema.js";
import type { NotReviewedFile } from "../plan/index.js";
import type { ChangedFile, PullRequestRef } from "../ports.js";
import { composeReview, type Composed } from "./compose.js";
import type { ReviewContext, ReviewSettings } from "./context.js";
import type { LanePlacement } from "./lane-placement.js";
import { reservePublish, type PublishResult, type Reservation } from "./publish.js";
import { headOnGitHub, staleHeadError, staleReason } from "./supersede.js";

export interface DeliverInput {
  pr: PullRequestRef;
  headSha: string;
  /** The review's idempotency key and its hidden marker. */
  key: string;
  marker: string;
  files: readonly ChangedFile[];
  output: ReviewOutput;
  notReviewed: readonly NotReviewedFile[];
  sync: SyncResult;
  reviewedHead: string | null;
  settings: ReviewSettings;
  quiet: boolean;
  /** An automatic incremental pass with nothing new stays silent; a person who asked gets an answer. */
  mayStaySilent: boolean;
  headerLine: string;
  placement: LanePlacement;
  /** Head lines changed since the last reviewed head (a later pass); null on a full pass. */
  changedLines: ReadonlyMap<string, ReadonlySet<number>> | null;
  /** The PR's web page, for the body's line links. */
  pullUrl?: string;
  signal: AbortSignal;
}

export interface Delivered {
  composed: Composed;
  /** Null when the pass stayed silent. */
  published: PublishResult | null;
}

/** The last look before posting: a result for a head that is no longer current is dropped. */
async function ensureStillHead(
  ctx: Pick<ReviewContext, "reader">,
  pr: PullRequestRef,
  headSha: string,
  signal: AbortSignal,
): Promise<void> {
  const stale = staleReason(signal);
  if (stale) throw stale;
  const current = await headOnGitHub(ctx.reader, pr);
  if (current !== headSha) throw staleHeadError(current);
}

function reserved(
  settled: PromiseSettledResult<Reservation>,
): Extract<Reservation, { status: "reserved" }> | null {
  return settled.status === "fulfilled" && settled.value.status === "reserved" ? settled.value : null;
}

/**
 * From the model's last lane to the posted review. Composing the review (placing, verifying, the
 * ledger's claims, rendering), the last look at the head and the publish reservation need nothing
 * from one another, so they run at once; the POST follows. On any failure, the lock and the
 * findings claimed in the ledger are given back, so the retry (or another worker) can post them.
 */
export async function composeAndPublish(ctx: ReviewContext, input: DeliverInput): Promise<Delivered> {
  const { pr, headSha, key, marker } = input;
  const deps = {
    reader: ctx.reader,
    publisher: ctx.publisher,
    memory: ctx.memory,
    botLogin: ctx.ledger.botLogin,
  };
  const [composedResult, stillHead, reservation] = await Promise.allSettled([
    composeReview(ctx, input),
    ensureStillHead(ctx, pr, headSha, input.signal),
    reservePublish(deps, { pr, key, marker }),
  ]);
  const lock = reserved(reservation);
  let posting = false;
  try {
    if (composedResult.status === "rejected") throw composedResult.reason;
    if (stillHead.status === "rejected") throw stillHead.reason;
    if (reservation.status === "rejected") throw reservation.reason;
    const composed = composedResult.value;
    const { rendered, decision } = composed;
    const held = reservation.value;
    // Another worker posted this very review: the ledger still learns its comments.
    if (held.status === "already-posted") return { composed, published: held };
    const silent = input.mayStaySilent && rendered.comments.length === 0 && decision.unplaced.length === 0;
    if (silent) {
      await held.release();
      return { composed, published: null };
    }
    posting = true;
    const published = await held.post({
      commitId: headSha,
      body: rendered.body,
      comments: rendered.comments,
    });
    return { composed, published };
  } catch (error) {
    // `post` releases its own lock, whatever happens.
    if (lock && !posting) await lock.release().catch(() => {});
    if (composedResult.status === "fulfilled") {
      const { claimed } = composedResult.value.decision;
      if (claimed.length > 0) await ctx.ledger.ledger.release(claimed).catch(() => {});
    }
    throw error;
  }
}
