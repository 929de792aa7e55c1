import { renderFileForPrompt } from "../diff/prompt-view.js";
import type { FilePatch, Hunk } from "../diff/types.js";
import {
  CATEGORY_RANK,
  categorize,
  defaultExcludeMatchers,
  detectByContent,
  globMatcher,
  type FileCategory,
} from "./classify.js";
import { splitIntoLanes } from "./lanes.js";
import { diffBudget, resolvePlanOptions, type PlanOptions } from "./options.js";
import { estimateTokens } from "./tokens.js";

export type NotReviewedKind =
  "excluded" | "default_excluded" | "no_diff" | "no_changes" | "deleted" | "too_large" | "over_budget";

/** A file (or part of one) the model did not see, and why; every one is named in the review body. */
export interface NotReviewedFile {
  path: string;
  kind: NotReviewedKind;
  reason: string;
}

export interface ReviewPlan {
  /**
   * The files of each lane, one model request each; its diffs fit the budget. Parts of one file may
   * span lanes. With a lane policy, lanes are small and meant to run side by side.
   */
  lanes: FilePatch[][];
  /** Estimated diff tokens per lane. */
  laneTokens: number[];
  notReviewed: NotReviewedFile[];
  /** Diff tokens allowed per request. */
  budgetTokens: number;
  /** Requests to run at once (from the options). */
  concurrency: number;
}

interface Candidate {
  patch: FilePatch;
  category: FileCategory;
  tokens: number;
}

/** A file's own framing in the prompt (the `<diff>` join, the file header) is a few tokens more. */
const FILE_OVERHEAD_TOKENS = 8;

function cost(patch: FilePatch, options: ReturnType<typeof resolvePlanOptions>): number {
  return estimateTokens(renderFileForPrompt(patch, options.promptView)) + FILE_OVERHEAD_TOKENS;
}

function part(patch: FilePatch, hunks: Hunk[]): FilePatch {
  return { ...patch, hunks };
}

function hunkLines(hunk: Hunk): string {
  return hunk.newLines > 0
    ? `head lines ${hunk.newStart}-${hunk.newStart + hunk.newLines - 1}`
    : `base lines ${hunk.oldStart}-${hunk.oldStart + hunk.oldLines - 1}`;
}

/**
 * Splits a file too large for one request into runs of consecutive hunks that each fit; a single hunk
 * larger than the budget is reported, never cut (a cut hunk would show the model half a change).
 */
function splitByHunks(
  patch: FilePatch,
  budget: number,
  options: ReturnType<typeof resolvePlanOptions>,
  skipped: NotReviewedFile[],
): Candidate[] {
  // Token estimates add up across hunks, so each hunk is measured once, not every growing part.
  const header = cost(part(patch, []), options);
  const parts: Candidate[] = [];
  let current: Hunk[] = [];
  let tokens = header;
  const flush = (): void => {
    if (current.length > 0)
      parts.push({ patch: part(patch, current), category: categorize(patch.path), tokens });
    current = [];
    tokens = header;
  };
  for (const hunk of patch.hunks) {
    const own = cost(part(patch, [hunk]), options) - header;
    if (header + own > budget) {
      flush();
      skipped.push({
        path: patch.path,
        kind: "too_large",
        reason: `${hunkLines(hunk)}: one hunk is larger than the model's context`,
      });
      continue;
    }
    if (tokens + own > budget) flush();
    current.push(hunk);
    tokens += own;
  }
  flush();
  return parts;
}

function exclusion(patch: FilePatch, context: ExclusionContext): NotReviewedFile | null {
  const { path } = patch;
  if (context.exclude(path))
    return { path, kind: "excluded", reason: "excluded by the repository's configuration" };
  if (context.useDefaults && !context.include(path)) {
    for (const [label, matches] of context.defaults) {
      if (matches(path)) return { path, kind: "default_excluded", reason: `skipped by default: ${label}` };
    }
    const detected = detectByContent(patch);
    if (detected)
      return { path, kind: "default_excluded", reason: `skipped by default: ${detected} (by its content)` };
  }
  if (patch.missing === "binary_or_too_large") {
    return { path, kind: "no_diff", reason: "binary, or a diff too large for GitHub to show" };
  }
  if (patch.missing === "malformed") return { path, kind: "no_diff", reason: "its diff could not be read" };
  if (patch.missing === "no_content_change")
    return { path, kind: "no_changes", reason: "renamed or mode change only, no content change" };
  return null;
}

interface ExclusionContext {
  exclude: (path: string) => boolean;
  include: (path: string) => boolean;
  useDefaults: boolean;
  defaults: Array<[string, (path: string) => boolean]>;
}

/**
 * Decides what the model sees: drops excluded and diff-less files, orders the rest source > tests >
 * docs, and packs them first-fit into at most `maxLanes` requests within the token budget. Every file
 * left out, whole or in part, is named with its reason: nothing is truncated silently.
 */
export function planReview(patches: readonly FilePatch[], planOptions: PlanOptions = {}): ReviewPlan {
  const options = resolvePlanOptions(planOptions);
  const budget = diffBudget(options);
  const context: ExclusionContext = {
    exclude: globMatcher(options.exclude),
    include: globMatcher(options.include),
    useDefaults: options.useDefaultExcludes,
    defaults: defaultExcludeMatchers(),
  };
  const notReviewed: NotReviewedFile[] = [];
  const candidates: Candidate[] = [];
  for (const patch of patches) {
    const skip = exclusion(patch, context);
    if (skip) {
      notReviewed.push(skip);
      continue;
    }
    if (patch.status === "removed") {
      notReviewed.push({
        path: patch.path,
        kind: "deleted",
        reason: "deleted: the model is told of the removal, not shown its old content",
      });
    }
    const tokens = cost(patch, options);
    if (tokens <= budget) candidates.push({ patch, category: categorize(patch.path), tokens });
    else candidates.push(...splitByHunks(patch, budget, options, notReviewed));
  }
  candidates.sort(
    (a, b) =>
      CATEGORY_RANK[a.category] - CATEGORY_RANK[b.category] ||
      (a.patch.path < b.patch.path ? -1 : a.patch.path > b.patch.path ? 1 : 0),
  );

  // First-fit packing into context-sized requests; a lane policy may then regroup them smaller.
  const packed: FilePatch[][] = [];
  const packedTokens: number[] = [];
  const kept: Candidate[] = [];
  for (const candidate of candidates) {
    let target = packedTokens.findIndex((used) => used + candidate.tokens <= budget);
    if (target < 0 && packed.length < options.maxLanes) {
      target = packed.push([]) - 1;
      packedTokens.push(0);
    }
    if (target < 0) {
      notReviewed.push({
        path: candidate.patch.path,
        kind: "over_budget",
        reason: `over the review budget (${options.maxLanes} requests of ${budget} tokens); lower-priority files are left out first`,
      });
      continue;
    }
    packed[target]?.push(candidate.patch);
    packedTokens[target] = (packedTokens[target] ?? 0) + candidate.tokens;
    kept.push(candidate);
  }
  // What is reviewed is settled by the context budget above; lanes only regroup it.
  const regrouped =
    options.lanes === null
      ? null
      : splitIntoLanes(kept, options.lanes, { maxLanes: options.maxLanes, budget });
  const plan = { notReviewed, budgetTokens: budget, concurrency: options.concurrency };
  if (regrouped === null) return { lanes: packed, laneTokens: packedTokens, ...plan };
  return {
    lanes: regrouped.map((lane) => lane.map((item) => item.patch)),
    laneTokens: regrouped.map((lane) => lane.reduce((sum, item) => sum + item.tokens, 0)),
    ...plan,
  };
}
