import type { SyncResult } from "../../ledger/index.js";
import { parseChangedFile, type FilePatch } from "../diff/index.js";
import type { ReviewOutput } from "../findings/schema.js";
import { placeFindings } from "../findings/place.js";
import type { NotReviewedFile } from "../plan/index.js";
import type { ChangedFile, PullRequestRef } from "../ports.js";
import { renderReview, type RenderedReview } from "../render/review.js";
import type { ReviewContext, ReviewSettings } from "./context.js";
import { fetchHeadContents } from "./gather.js";
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
    files: readonly ChangedFile[];
    output: ReviewOutput;
    notReviewed: readonly NotReviewedFile[];
    sync: SyncResult;
    reviewedHead: string | null;
    settings: ReviewSettings;
    quiet: boolean;
    marker: string;
    headerLine: string;
  },
): Promise<Composed> {
  const { settings } = input;
  const patches = new Map<string, FilePatch>(input.files.map((f) => [f.path, parseChangedFile(f)]));
  const wanted = [...input.output.findings.map((f) => f.path), ...ledgerPaths(input.sync)];
  const headContents = await fetchHeadContents(
    ctx.reader,
    input.pr,
    input.headSha,
    wanted.filter((path) => patches.has(path)),
  );
  const placement = placeFindings({
    findings: input.output.findings,
    patches,
    headContents,
    options: {
      maxSuggestionLines: settings.maxSuggestionLines,
      triggerWords: settings.triggerWords,
      // Only suggestions that can be posted inline are worth proving against the head file.
      maxVerifiedSuggestions: settings.maxInlineComments,
    },
  });
  const decision = await decideWithLedger(ctx.ledger, {
    sync: input.sync,
    placed: placement.placed,
    unplaced: placement.unplaced,
    headSha: input.headSha,
    headContents,
    changedPaths: new Set(patches.keys()),
    reviewedHead: input.reviewedHead,
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
