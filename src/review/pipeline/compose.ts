import type { SyncResult } from "../ledger/index.js";
import type { ReviewOutput } from "../findings/schema.js";
import { placeFindings } from "../findings/place.js";
import { applySignalRules, type SignalResult } from "../findings/signal.js";
import type { NotReviewedFile } from "../plan/index.js";
import type { ChangedFile, PullRequestRef } from "../ports.js";
import { renderReview, type RenderedReview } from "../render/review.js";
import type { ReviewContext, ReviewSettings } from "./context.js";
import { LanePlacement, placementOptions, suggestionPaths } from "./lane-placement.js";
import { decideWithLedger, ledgerPaths, type LedgerDecision } from "./ledger-step.js";

export interface Composed {
  rendered: RenderedReview;
  decision: LedgerDecision;
  /** Findings not posted at all: below the confidence floor, or minor ones on unchanged code. */
  leftOut: SignalResult["leftOut"];
}

/**
 * From the model's answer to the review to post: place and verify the findings on the whole PR's
 * diff at this head (even in an incremental pass), let the ledger drop what was already said or
 * dismissed, and render the rest.
 */
export async function composeReview(
  ctx: ReviewContext,
  input: {
    pr: PullRequestRef;
    headSha: string;
    /** The review's idempotency key. */
    key: string;
    files: readonly ChangedFile[];
    output: ReviewOutput;
    notReviewed: readonly NotReviewedFile[];
    sync: SyncResult;
    reviewedHead: string | null;
    settings: ReviewSettings;
    quiet: boolean;
    marker: string;
    headerLine: string;
    /** Head texts and suggestion checks gathered as lanes ended; gathered here otherwise. */
    placement?: LanePlacement;
    /** Head lines changed since the last reviewed head (a later pass); null on a full pass. */
    changedLines: ReadonlyMap<string, ReadonlySet<number>> | null;
    /** The PR's web page, for the body's line links. */
    pullUrl?: string;
  },
): Promise<Composed> {
  const { settings } = input;
  const early =
    input.placement ?? new LanePlacement(ctx.reader, input.pr, input.headSha, input.files, settings);
  const { patches } = early;
  // Head texts serve two checks only: suggestions are verified, and open findings looked for.
  const { kept, leftOut } = applySignalRules(input.output.findings, {
    minConfidence: settings.minConfidence,
    changedLines: input.changedLines,
  });
  const wanted = [...suggestionPaths(kept), ...ledgerPaths(input.sync)];
  const headContents = await early.contents.get(wanted.filter((path) => patches.has(path)));
  const placement = placeFindings({
    findings: kept,
    patches,
    headContents,
    options: placementOptions(settings),
    checks: early.checks,
  });
  const decision = await decideWithLedger(ctx.ledger, {
    sync: input.sync,
    placed: placement.placed,
    unplaced: placement.unplaced,
    headSha: input.headSha,
    headContents,
    changedPaths: new Set(patches.keys()),
    reviewedHead: input.reviewedHead,
    key: input.key,
  });
  const rendered = renderReview({
    placed: decision.toPost,
    unplaced: decision.unplaced,
    markers: decision.markers,
    preface: decision.summaryLine,
    overall: input.output,
    notReviewed: input.notReviewed,
    options: {
      maxInlineComments: settings.maxInlineComments,
      inlineUpToPriority: input.quiet ? settings.quietMaxPriority : settings.inlineUpToPriority,
      marker: input.marker,
      triggerWords: settings.triggerWords,
      headerLines: [input.headerLine],
      links: input.pullUrl ? { pullUrl: input.pullUrl, headSha: input.headSha } : undefined,
    },
  });
  return { rendered, decision, leftOut };
}
