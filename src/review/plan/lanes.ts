import type { FilePatch } from "../diff/types.js";

/**
 * How a review is split into lanes: model requests that run side by side, each over a few files.
 * The model writes its answer at a fixed rate, so a review takes about one time-to-first-token plus
 * the longest lane's answer; lanes small enough that each answer is a few findings keep that short,
 * where one request for the whole PR would make every finding wait for all the others.
 */
export interface LanePolicy {
  /** Most files (or parts of a split file) per lane. Default 4. */
  maxFiles?: number;
  /** Most estimated diff tokens per lane. Default 3,000 (about 200 lines of diff). */
  maxTokens?: number;
}

export const DEFAULT_LANE_POLICY: Required<LanePolicy> = { maxFiles: 4, maxTokens: 3_000 };

export interface Sized {
  patch: FilePatch;
  tokens: number;
}

export interface LaneLimits {
  /** Most lanes (model requests) for the review. */
  maxLanes: number;
  /** Most diff tokens one request may carry (the context budget). */
  budget: number;
}

/** Packs in order, closing a lane when the next item would pass either cap. */
function fill(items: readonly Sized[], maxFiles: number, maxTokens: number): Sized[][] {
  const lanes: Sized[][] = [];
  let lane: Sized[] = [];
  let tokens = 0;
  for (const item of items) {
    if (lane.length > 0 && (lane.length >= maxFiles || tokens + item.tokens > maxTokens)) {
      lanes.push(lane);
      lane = [];
      tokens = 0;
    }
    lane.push(item);
    tokens += item.tokens;
  }
  if (lane.length > 0) lanes.push(lane);
  return lanes;
}

/**
 * Splits the files a review covers into lanes. A PR that fits one lane is one request. Larger ones
 * get as many lanes as the policy asks for, up to `maxLanes`: beyond it, lanes grow rather than
 * multiply, as every extra wave of requests costs another time-to-first-token. The planner's order
 * is kept (source, tests, docs, then by path), so a directory's files tend to share a lane and the
 * model sees related changes together. Null when no split fits the limits (the caller keeps the
 * context-sized chunks).
 */
export function splitIntoLanes(
  items: readonly Sized[],
  policy: LanePolicy,
  limits: LaneLimits,
): Sized[][] | null {
  if (items.length === 0) return [];
  const maxFiles = Math.max(1, policy.maxFiles ?? DEFAULT_LANE_POLICY.maxFiles);
  const maxTokens = Math.max(1, policy.maxTokens ?? DEFAULT_LANE_POLICY.maxTokens);
  const total = items.reduce((sum, item) => sum + item.tokens, 0);
  const largest = Math.max(...items.map((item) => item.tokens));
  const maxLanes = Math.max(1, limits.maxLanes);
  // Even lanes by file count (the review waits for the longest answer): five files make 3 + 2.
  const files = Math.ceil(items.length / Math.min(maxLanes, Math.ceil(items.length / maxFiles)));
  for (let slack = 1.15; ; slack *= 1.25) {
    // Past `maxLanes`, the token cap grows until the lanes fit; contiguous packing needs slack.
    const spread = Math.ceil((total / maxLanes) * slack);
    const tokens = Math.min(limits.budget, Math.max(largest, maxTokens, spread));
    const packed = fill(items, files, tokens);
    if (packed.length <= maxLanes) return packed;
    if (tokens >= limits.budget) return null;
  }
}
