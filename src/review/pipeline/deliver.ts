import { isBotError } from "../../errors.js";
import { claimCandidates, type SyncResult } from "../ledger/index.js";
import type { ReviewOutput } from "../findings/schema.js";
import type { NotReviewedFile } from "../plan/index.js";
import type { ChangedFile, NewReview, PullRequestRef } from "../ports.js";
import type { ComposedRecord } from "./composed-record.js";
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
  /** The completed check run for the composed review (called once, before the POST). */
  finalCheck(composed: Composed): Promise<ComposedRecord["check"]>;
}

export interface Delivered {
  composed: Composed;
  /** Null when the pass stayed silent. */
  published: PublishResult | null;
  /** The completed check run of the review (stored with it before the POST). */
  check: ComposedRecord["check"];
}

/** What is stored under the key before the POST: the review, its claims and actions, its check run. */
function recordOf(
  headSha: string,
  review: NewReview,
  composed: Composed,
  check: ComposedRecord["check"],
): ComposedRecord {
  const { decision } = composed;
  const claimed = new Set(decision.claimed);
  const candidates = claimCandidates(decision.plan.decisions).filter((c) => claimed.has(c.fingerprint));
  return { headSha, review, candidates, actions: decision.plan.actions, check };
}

/** The last look before posting: a result for a head that is no longer current is dropped. */
export async function ensureStillHead(
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
  let stored = false;
  try {
    if (composedResult.status === "rejected") throw composedResult.reason;
    if (stillHead.status === "rejected") throw stillHead.reason;
    if (reservation.status === "rejected") throw reservation.reason;
    const composed = composedResult.value;
    const { rendered, decision } = composed;
    const held = reservation.value;
    const check = await input.finalCheck(composed);
    // Another worker posted this very review: the ledger still learns its comments.
    if (held.status === "already-posted") return { composed, published: held, check };
    const silent = input.mayStaySilent && rendered.comments.length === 0 && decision.unplaced.length === 0;
    if (silent) {
      await held.release();
      return { composed, published: null, check };
    }
    const review = { commitId: headSha, body: rendered.body, comments: rendered.comments };
    // Stored first: a POST that fails (or that GitHub took and answered 5xx) is finished by the
    // retry from this record, without new model calls and with this very text.
    await ctx.memory.saveComposed(pr, key, recordOf(headSha, review, composed, check));
    stored = true;
    posting = true;
    const published = await held.post(review);
    return { composed, published, check };
  } catch (error) {
    // `post` releases its own lock, whatever happens.
    if (lock && !posting) await lock.release().catch(() => {});
    // A stored review keeps its claims for the retry that posts it (they are its key's own).
    const retried = stored && isBotError(error) && error.retryable;
    if (composedResult.status === "fulfilled" && !retried) {
      const { claimed } = composedResult.value.decision;
      if (claimed.length > 0) await ctx.ledger.ledger.release(claimed).catch(() => {});
    }
    throw error;
  }
}
