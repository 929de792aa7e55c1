import type { SyncResult } from "../ledger/index.js";
import { parseChangedFile } from "../diff/index.js";
import type { ChangedFile, PullRequestInfo, PullRequestRef } from "../ports.js";
import { StaleHeadError } from "../../errors.js";
import type { ReviewContext } from "./context.js";
import { ensureStillHead } from "./deliver.js";
import { LanePlacement } from "./lane-placement.js";
import { ledgerPaths, syncWithGitHub } from "./ledger-step.js";
import { answerRebuttals } from "./rebuttals.js";
import { dismissersOf } from "./authorize.js";
import { reviewLanes, type LanesAnswer } from "./review-lanes.js";
import type { PassKind } from "../prompt/pass.js";
import type { DiffSelection } from "./select-diff.js";

export interface ReviewPhaseInput {
  pr: PullRequestRef;
  info: PullRequestInfo;
  /** Every file of the pull request (what findings may be placed on). */
  files: readonly ChangedFile[];
  selection: DiffSelection;
  guidelines?: string;
  focus: string | null;
  signal: AbortSignal;
  /** Ends the review as superseded (the head moved or the PR closed while the lanes streamed). */
  abortStale: (reason: StaleHeadError) => void;
}

export interface ReviewPhase {
  answer: LanesAnswer;
  sync: SyncResult;
  /** Head texts read and suggestions proven as lanes ended, and the ledger's paths read. */
  placement: LanePlacement;
}

/**
 * The model's lanes, and beside them everything that does not feed the prompt: the ledger's sync
 * with GitHub (threads, reactions, dismissals) and the answers to rebuttals it found. As each lane
 * ends, its suggestions are read and proven against the head, so that composing waits only for the
 * last lane's. The first failure abandons the rest, and nothing is left running when this returns.
 */
export async function reviewWhileSyncing(ctx: ReviewContext, input: ReviewPhaseInput): Promise<ReviewPhase> {
  const { pr, info, settings } = { ...input, settings: ctx.settings };
  const phase = new AbortController();
  const forward = (): void => phase.abort(input.signal.reason);
  if (input.signal.aborted) forward();
  else input.signal.addEventListener("abort", forward, { once: true });
  const placement = new LanePlacement(ctx.reader, pr, info.headSha, input.files, settings);

  const dismissers = dismissersOf(ctx.reader, ctx.permissions, pr, {
    dismissals: settings.dismissals,
    author: info.author,
  });
  const syncing = syncWithGitHub(ctx.ledger, pr, settings.trigger, dismissers).then(async (sync) => {
    placement.prefetch(ledgerPaths(sync));
    // After the sync, not before: a meta key written earlier would hide a lost ledger from its rebuild.
    await ctx.ledger.ledger.setAuthor(info.author);
    if (sync.rebuttals.length > 0) {
      await answerRebuttals({
        rebuttals: sync.rebuttals,
        model: ctx.model,
        ledger: ctx.ledger.ledger,
        threads: ctx.ledger.threads,
        pr,
        triggerWords: settings.triggerWords,
        language: settings.language,
        signal: phase.signal,
      });
    }
    return sync;
  });
  let looked = false;
  const reviewing = reviewLanes(ctx, {
    owner: pr.owner,
    info,
    allPaths: input.files.map((f) => f.path),
    patches: input.selection.files.map(parseChangedFile),
    guidelines: input.guidelines,
    focus: input.focus,
    pass: passOf(input.selection, info.headSha),
    language: settings.language,
    promptCacheKey: promptCacheKey(pr),
    signal: phase.signal,
    onPlan: (plan) =>
      placement.planned(
        plan.lanes
          .flat()
          .filter((patch) => patch.status !== "removed")
          .map((patch) => patch.path),
      ),
    onFinding: (finding) => placement.findingStreamed(finding),
    onLane: (lane) => {
      placement.laneEnded(lane.output.findings);
      // Once, while the other lanes still stream: a push whose webhook is late, or a close, ends
      // the review now rather than after the model. The look before posting is still made.
      if (!looked && lane.lanes > 1) {
        looked = true;
        ensureStillHead(ctx, pr, info.headSha, phase.signal).catch((error: unknown) => {
          if (error instanceof StaleHeadError) input.abortStale(error);
        });
      }
    },
  });
  try {
    const [answer, sync] = await Promise.all([reviewing, syncing]);
    return { answer, sync, placement };
  } catch (error) {
    phase.abort(error);
    await Promise.allSettled([reviewing, syncing]);
    throw error;
  } finally {
    input.signal.removeEventListener("abort", forward);
  }
}

/** The pass the prompt describes: a person's request, a later pass, or a full (exhaustive) one. */
export function passOf(selection: DiffSelection, headSha: string): PassKind {
  if (selection.requested !== undefined) return { kind: "requested" };
  if (selection.mode === "incremental" && selection.since) {
    return { kind: "later", since: selection.since, head: headSha };
  }
  return { kind: "full" };
}

/**
 * One key per repository, the same for every review of it: requests with equal keys are routed to
 * the same cache, where the shared prefix (instructions, then guidelines and the PR's context for
 * the lanes of one review) is served without being processed again.
 */
export function promptCacheKey(pr: Pick<PullRequestRef, "owner" | "repo">): string {
  return `codex-review:${pr.owner}/${pr.repo}`;
}
