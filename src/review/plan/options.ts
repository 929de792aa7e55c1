import type { PromptViewOptions } from "../diff/prompt-view.js";
import { DEFAULT_LANE_POLICY, type LanePolicy } from "./lanes.js";

/** How a pull request's diff is split into model requests. */
export interface PlanOptions {
  /** The model's context window in tokens. Default 128,000 (the Spark model's). */
  contextTokens?: number;
  /** Tokens kept for the instructions, guidelines, PR description and file list. Default 16,000. */
  reservedInstructionTokens?: number;
  /** Tokens kept for the answer, reasoning included (`max_output_tokens`). Default 16,000. */
  reservedOutputTokens?: number;
  /** Most model requests (lanes) for one review; files beyond are named as not reviewed. Default 32. */
  maxLanes?: number;
  /** Requests in flight at once for one review; carried in the plan for the caller. Default 32. */
  concurrency?: number;
  /**
   * How the reviewed files are split into lanes (see {@link LanePolicy}); null sends as few requests
   * as the context allows. Default one expected finding, 8 files and 3,000 diff tokens per lane.
   */
  lanes?: LanePolicy | null;
  /** Extra globs (picomatch, matched on the head path) of files never to review. Default none. */
  exclude?: readonly string[];
  /**
   * Globs of files to review even though a default exclude (lockfile, generated, vendored, minified,
   * snapshot, binary) would skip them. `exclude` still wins. Default none.
   */
  include?: readonly string[];
  /** Apply the default excludes. Default true. */
  useDefaultExcludes?: boolean;
  /** Passed to the prompt view, whose size is what is budgeted. */
  promptView?: PromptViewOptions;
}

export interface ResolvedPlanOptions {
  contextTokens: number;
  reservedInstructionTokens: number;
  reservedOutputTokens: number;
  maxLanes: number;
  concurrency: number;
  lanes: LanePolicy | null;
  exclude: readonly string[];
  include: readonly string[];
  useDefaultExcludes: boolean;
  promptView: PromptViewOptions;
}

export const DEFAULT_PLAN_OPTIONS: ResolvedPlanOptions = {
  contextTokens: 128_000,
  reservedInstructionTokens: 16_000,
  reservedOutputTokens: 16_000,
  maxLanes: 32,
  concurrency: 32,
  lanes: DEFAULT_LANE_POLICY,
  exclude: [],
  include: [],
  useDefaultExcludes: true,
  promptView: {},
};

export function resolvePlanOptions(options: PlanOptions = {}): ResolvedPlanOptions {
  const d = DEFAULT_PLAN_OPTIONS;
  return {
    contextTokens: options.contextTokens ?? d.contextTokens,
    reservedInstructionTokens: options.reservedInstructionTokens ?? d.reservedInstructionTokens,
    reservedOutputTokens: options.reservedOutputTokens ?? d.reservedOutputTokens,
    maxLanes: Math.max(1, options.maxLanes ?? d.maxLanes),
    concurrency: Math.max(1, options.concurrency ?? d.concurrency),
    lanes: options.lanes === undefined ? d.lanes : options.lanes,
    exclude: options.exclude ?? d.exclude,
    include: options.include ?? d.include,
    useDefaultExcludes: options.useDefaultExcludes ?? d.useDefaultExcludes,
    promptView: options.promptView ?? d.promptView,
  };
}

/** Tokens left for diffs in one request. */
export function diffBudget(options: ResolvedPlanOptions): number {
  return Math.max(
    1_000,
    options.contextTokens - options.reservedInstructionTokens - options.reservedOutputTokens,
  );
}
