import {
  applyEntryActions,
  claimForPosting,
  findingMarker,
  fingerprintFinding,
  pathsToCheck,
  reconcile,
  recordReview,
  renderLedgerSummary,
  syncLedger,
  type EntryAction,
  type ReconcilePlan,
  type SyncInput,
  type SyncResult,
} from "../ledger/index.js";
import type { LedgerEntry } from "../ledger/entry.js";
import type { PullRequestLedger } from "../ledger/types.js";
import type { PlacedFinding, UnplacedFinding } from "../findings/types.js";
import type { ReviewThreadReader, ReviewThreadWriter } from "../ports-threads.js";
import type { PullRequestRef } from "../ports.js";

/** The per-PR finding memory a review works with. */
export interface LedgerDeps {
  ledger: PullRequestLedger;
  threads: ReviewThreadReader & ReviewThreadWriter;
  /** The app's bot login (`<slug>[bot]`): its comments are the findings. */
  botLogin: string;
}

/** What the ledger decided about this review's findings. */
export interface LedgerDecision {
  plan: ReconcilePlan;
  /** The placed findings to post: new ones this worker claimed. */
  toPost: PlacedFinding[];
  /** Unplaced findings minus those dismissed on this PR. */
  unplaced: UnplacedFinding[];
  /** A hidden fingerprint marker per finding to post. */
  markers: Map<PlacedFinding, string>;
  claimed: string[];
  /** One line for the review body: new, fixed, still open, dismissed since the last review. */
  summaryLine: string;
}

/** Brings the ledger up to date with GitHub (rebuilding it if Redis lost it). */
export function syncWithGitHub(
  deps: LedgerDeps,
  pr: PullRequestRef,
  trigger: string,
  whoMayDismiss: SyncInput["whoMayDismiss"],
): Promise<SyncResult> {
  return syncLedger({
    ledger: deps.ledger,
    github: deps.threads,
    pr,
    botLogin: deps.botLogin,
    trigger,
    whoMayDismiss,
  });
}

/** Paths whose head text the ledger needs to tell fixed findings from open ones. */
export function ledgerPaths(sync: SyncResult): string[] {
  return pathsToCheck(sync.entries);
}

/**
 * Decides what to post: a finding already open is not posted again, a dismissed one never, and what
 * is new is claimed so that a concurrent worker on the same head cannot post it too.
 */
export async function decideWithLedger(
  deps: LedgerDeps,
  input: {
    sync: SyncResult;
    placed: readonly PlacedFinding[];
    unplaced: readonly UnplacedFinding[];
    headSha: string;
    headContents: ReadonlyMap<string, string | null>;
    changedPaths: ReadonlySet<string>;
    reviewedHead: string | null;
    /** The review's idempotency key: its retry may take back the claims it made. */
    key: string;
  },
): Promise<LedgerDecision> {
  const plan = reconcile({
    entries: input.sync.entries,
    placed: input.placed,
    headSha: input.headSha,
    headContents: input.headContents,
    changedPaths: input.changedPaths,
    outdatedThreads: input.sync.outdatedThreads,
    lastReviewAt: input.sync.meta.lastReviewAt ?? null,
  });
  const granted = await claimForPosting(deps.ledger, plan.decisions, input.headSha, input.key);
  const markers = new Map(granted.map((d) => [d.placed, findingMarker(d.fingerprint)]));
  const dismissed = new Set(
    [...input.sync.entries].filter(([, e]) => e.state === "dismissed").map(([fp]) => fp),
  );
  const unplaced = input.unplaced.filter((u) => !dismissed.has(fingerprintFinding(u.finding)));
  const summary = { ...plan.summary, new: granted.length };
  return {
    plan,
    toPost: granted.map((d) => d.placed),
    unplaced,
    markers,
    claimed: granted.map((d) => d.fingerprint),
    summaryLine: renderLedgerSummary(summary, input.reviewedHead),
  };
}

/** After posting (or deciding not to): record comment ids, resolve fixed threads, note progress. */
export async function settleLedger(
  deps: LedgerDeps,
  input: {
    pr: PullRequestRef;
    headSha: string;
    reviewId: number | null;
    /** This review's claims and reconcile's actions: a fresh decision, or a stored review's. */
    decision: { claimed: readonly string[]; plan: { actions: readonly EntryAction[] } };
  },
): Promise<LedgerTally> {
  const { ledger, threads, botLogin } = deps;
  if (input.reviewId !== null) {
    await recordReview({
      ledger,
      github: threads,
      pr: input.pr,
      botLogin,
      reviewId: input.reviewId,
      claimed: input.decision.claimed,
    });
  } else {
    await ledger.release(input.decision.claimed);
  }
  await applyEntryActions({ ledger, threads, pr: input.pr }, input.decision.plan.actions, input.headSha);
  const entries = await ledger.all();
  const open = [...entries].filter(([, e]) => e.state === "open").map(([fp]) => fp);
  await ledger.touch(input.headSha, open);
  return tally(entries);
}

/** The PR's findings so far, for the check run: "3 fixed, 1 dismissed, 2 open". */
export interface LedgerTally {
  fixed: number;
  dismissed: number;
  open: number;
}

function tally(entries: ReadonlyMap<string, LedgerEntry>): LedgerTally {
  const count = (state: LedgerEntry["state"]): number =>
    [...entries.values()].filter((e) => e.state === state).length;
  return { fixed: count("fixed"), dismissed: count("dismissed"), open: count("open") };
}
