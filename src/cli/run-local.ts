import type { Finding, ReviewOutput } from "../review/findings/schema.js";
import { placeFindings } from "../review/findings/place.js";
import type { PlacedFinding, UnplacedFinding } from "../review/findings/types.js";
import type { ModelUsage, ReviewModel } from "../review/ports.js";
import { LanePlacement, placementOptions, suggestionPaths } from "../review/pipeline/lane-placement.js";
import { promptCacheKey } from "../review/pipeline/review-phase.js";
import { reviewLanes } from "../review/pipeline/review-lanes.js";
import type { LocalSetup } from "./setup.js";

/** Lanes done so far, for the live progress line. */
export interface LaneProgress {
  done: number;
  total: number;
  findings: number;
}

/** A finished local review: the model's answer, placed and verified as the app would post it. */
export interface LocalReview {
  setup: LocalSetup;
  output: ReviewOutput;
  placed: PlacedFinding[];
  unplaced: UnplacedFinding[];
  /** The head texts suggestions were verified against, by path (what `--apply` must find on disk). */
  headContents: ReadonlyMap<string, string | null>;
  usage: ModelUsage;
  model: string;
  durationMs: number;
}

const NO_FINDINGS: ReviewOutput = {
  findings: [],
  overall_correctness: "patch is correct",
  overall_explanation: "Nothing was reviewed: every changed file is excluded.",
  overall_confidence_score: 1,
};

const ZERO: ModelUsage = { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0 };

/**
 * Asks the model about every lane side by side (the app's `reviewLanes`), proves each lane's
 * suggestions against the head as it ends, then places all findings on the diff.
 */
export async function runLocalReview(
  setup: LocalSetup,
  model: ReviewModel,
  options: { signal: AbortSignal; onProgress?: (progress: LaneProgress) => void },
): Promise<LocalReview> {
  const { pr, info, files, reader, prepared, plan } = setup;
  const { settings } = prepared;
  const started = Date.now();
  if (plan.lanes.length === 0) {
    return {
      setup,
      output: NO_FINDINGS,
      placed: [],
      unplaced: [],
      headContents: new Map(),
      usage: ZERO,
      model: settings.model,
      durationMs: 0,
    };
  }
  const placement = new LanePlacement(reader, pr, info.headSha, files, settings);
  const progress: LaneProgress = { done: 0, total: plan.lanes.length, findings: 0 };
  options.onProgress?.(progress);
  const answer = await reviewLanes(
    { model, settings },
    {
      owner: pr.owner,
      info,
      allPaths: files.map((f) => f.path),
      patches: setup.patches,
      guidelines: prepared.guidelines?.text,
      focus: null,
      promptCacheKey: promptCacheKey(pr),
      signal: options.signal,
      onLane: (lane) => {
        placement.laneEnded(lane.output.findings);
        progress.done += 1;
        progress.findings += lane.output.findings.length;
        options.onProgress?.({ ...progress });
      },
    },
  );
  const findings: Finding[] = answer.output.findings;
  const wanted = suggestionPaths(findings).filter((path) => placement.patches.has(path));
  const headContents = await placement.contents.get(wanted);
  const { placed, unplaced } = placeFindings({
    findings,
    patches: placement.patches,
    headContents,
    options: placementOptions(settings),
    checks: placement.checks,
  });
  return {
    setup,
    output: answer.output,
    placed,
    unplaced,
    headContents,
    usage: answer.usage,
    model: answer.model,
    durationMs: Date.now() - started,
  };
}
