import type { FilePatch } from "../diff/types.js";

/**
 * How a review is split into lanes: model requests that run side by side. The model writes at a
 * fixed rate, so a review takes about one time-to-first-token plus the longest lane's answer; lanes
 * are therefore sized by the answer they are expected to produce, not by file count: small enough
 * that the slowest is about one finding long, as many as can run at once (one wave, one
 * time-to-first-token).
 */
export interface LanePolicy {
  /**
   * Expected findings per lane: a lane closes when the next file would take it past this. Default 1,
   * which gives a file of ordinary size a lane of its own and lets a few tiny ones share one.
   */
  findings?: number;
  /** Most files (or parts of a split file) per lane, however small. Default 8. */
  maxFiles?: number;
  /** Most estimated diff tokens per lane (the prompt's size, not the answer's). Default 3,000. */
  maxTokens?: number;
}

export const DEFAULT_LANE_POLICY: Required<LanePolicy> = { findings: 1, maxFiles: 8, maxTokens: 3_000 };

/**
 * Changed lines the model reads per finding it writes, on average: a guess on the pessimistic side
 * (reviews of real PRs find fewer), since an under-estimate makes the slowest lane longer while an
 * over-estimate only costs another, cached, prompt prefix.
 */
const CHANGED_LINES_PER_FINDING = 30;
/** However small a change, it may hold a finding: four one-line fixes fill a lane. */
const MIN_EXPECTED_FINDINGS = 0.25;

/** The findings a lane showing this (part of a) file is expected to write. */
export function expectedFindings(patch: FilePatch): number {
  let changed = 0;
  for (const hunk of patch.hunks) for (const line of hunk.lines) if (line.kind !== "context") changed += 1;
  return Math.max(MIN_EXPECTED_FINDINGS, changed / CHANGED_LINES_PER_FINDING);
}

export interface Sized {
  patch: FilePatch;
  /** Estimated diff tokens. */
  tokens: number;
}

export interface LaneLimits {
  /** Most lanes (model requests) for the review: those that can run at once. */
  maxLanes: number;
  /** Most diff tokens one request may carry (the context budget). */
  budget: number;
}

interface Caps {
  findings: number;
  tokens: number;
  files: number;
}

interface Weighed extends Sized {
  findings: number;
}

/** Packs in order, closing a lane when the next item would pass a cap. */
function fill(items: readonly Weighed[], caps: Caps): Weighed[][] {
  const lanes: Weighed[][] = [];
  let lane: Weighed[] = [];
  let tokens = 0;
  let findings = 0;
  for (const item of items) {
    const over =
      lane.length >= caps.files ||
      tokens + item.tokens > caps.tokens ||
      findings + item.findings > caps.findings;
    if (lane.length > 0 && over) {
      lanes.push(lane);
      lane = [];
      tokens = 0;
      findings = 0;
    }
    lane.push(item);
    tokens += item.tokens;
    findings += item.findings;
  }
  if (lane.length > 0) lanes.push(lane);
  return lanes;
}

const sum = (items: readonly Weighed[], of: (item: Weighed) => number): number =>
  items.reduce((total, item) => total + of(item), 0);

/**
 * Splits the files a review covers into lanes of about `policy.findings` expected findings each,
 * at most `limits.maxLanes` of them. A PR too large for that many lanes gets its expected findings
 * spread evenly over `maxLanes` lanes: more lanes would wait for a second wave, which costs another
 * time-to-first-token, more than the extra findings per lane. The planner's order is kept (source,
 * tests, docs, then by path), so a directory's files tend to share a lane. Null when no split fits
 * the limits (the caller keeps the context-sized requests).
 */
export function splitIntoLanes(
  items: readonly Sized[],
  policy: LanePolicy,
  limits: LaneLimits,
): Sized[][] | null {
  if (items.length === 0) return [];
  const weighed = items.map((item) => ({ ...item, findings: expectedFindings(item.patch) }));
  const target = Math.max(MIN_EXPECTED_FINDINGS, policy.findings ?? DEFAULT_LANE_POLICY.findings);
  const maxFiles = Math.max(1, policy.maxFiles ?? DEFAULT_LANE_POLICY.maxFiles);
  const maxTokens = Math.max(1, policy.maxTokens ?? DEFAULT_LANE_POLICY.maxTokens);
  const maxLanes = Math.max(1, limits.maxLanes);
  const totalFindings = sum(weighed, (i) => i.findings);
  const totalTokens = sum(weighed, (i) => i.tokens);
  const largest = Math.max(...weighed.map((i) => i.tokens));
  const largestFindings = Math.max(...weighed.map((i) => i.findings));
  // Past `maxLanes`, every soft cap grows with the even share until the lanes fit; contiguous
  // packing needs a little slack over the exact share.
  for (let slack = 1; ; slack *= 1.1) {
    const caps: Caps = {
      findings: Math.max(target, largestFindings, (totalFindings / maxLanes) * slack),
      tokens: Math.min(limits.budget, Math.max(largest, maxTokens, (totalTokens / maxLanes) * slack)),
      files: Math.max(maxFiles, Math.ceil((weighed.length / maxLanes) * slack)),
    };
    const packed = fill(weighed, caps);
    if (packed.length <= maxLanes)
      return packed.map((lane) => lane.map(({ patch, tokens }) => ({ patch, tokens })));
    const grown =
      caps.tokens >= limits.budget && caps.files >= weighed.length && caps.findings >= totalFindings;
    if (grown) return null;
  }
}
