import type { SyncResult } from "../ledger/index.js";
import type { ReviewOutput } from "../findings/schema.js";
import { placeFindings } from "../findings/place.js";
import type { NotReviewedFile } from "../plan/index.js";
import type { ChangedFile, PullRequestRef } from "../ports.js";
import { renderReview, type RenderedReview } from "../render/review.js";
import type { ReviewContext, ReviewSettings } from "./context.js";
import { LanePlacement, placementOptions, suggestionPaths } from "./lane-placement.js";
import { decideWithLedger, ledgerPaths, type LedgerDecision } from "./ledger-step.js";

export interface Composed {
  rendered: RenderedReview;
  decision: LedgerDecision;
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
  },
): Promise<Composed> {
  const { settings } = input;
  const early =
    input.placement ?? new LanePlacement(ctx.reader, input.pr, input.headSha, input.files, settings);
  const { patches } = early;
  // Head texts serve two checks only: suggestions are verified, and open findings looked for.
  const wanted = [...suggestionPaths(input.output.findings), ...ledgerPaths(input.sync)];
  const headContents = await early.contents.get(wanted.filter((path) => patches.has(path)));
  const placement = placeFindings({
    findings: input.output.findings,
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
      minInlinePriority: input.quiet ? settings.quietMaxPriority : settings.minInlinePriority,
      marker: input.marker,
      triggerWords: settings.triggerWords,
      headerLines: [input.headerLine],
    },
  });
  return { rendered, decision };
}
