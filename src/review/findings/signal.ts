import type { FilePatch } from "../diff/types.js";
import type { Finding } from "./schema.js";

/**
 * What keeps a review quiet and its rounds converging, decided before placement: findings the
 * model is unsure of are dropped, and on a later pass, code that did not change since the last
 * reviewed head may be raised for the first time only as P0/P1 (everything less it could have said
 * on the first pass; saying it now is what makes review rounds never end).
 */
export interface SignalRules {
  /** Findings with a lower `confidence_score` are not posted. */
  minConfidence: number;
  /**
   * Head lines changed since the last reviewed head, by path; null on a full pass (every line of
   * the PR is fair game).
   */
  changedLines: ReadonlyMap<string, ReadonlySet<number>> | null;
}

/** The least important priority that may be raised first on unchanged code in a later pass. */
export const UNCHANGED_CODE_MAX_PRIORITY = 1;

export type LeftOutReason = "low-confidence" | "unchanged-code";

export interface SignalResult {
  kept: Finding[];
  leftOut: Array<{ finding: Finding; reason: LeftOutReason }>;
}

/**
 * Head lines a push changed: its added lines, and the line after each removal (a deletion changes
 * what the code around it does, and has no head line of its own).
 */
export function changedHeadLines(patches: readonly FilePatch[]): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  for (const patch of patches) {
    const lines = new Set<number>();
    for (const hunk of patch.hunks) {
      let afterRemoval = false;
      for (const line of hunk.lines) {
        if (line.kind === "del") {
          afterRemoval = true;
          continue;
        }
        if (line.newLine !== null && (line.kind === "add" || afterRemoval)) lines.add(line.newLine);
        afterRemoval = false;
      }
    }
    out.set(patch.path, lines);
  }
  return out;
}

function touchesChange(finding: Finding, changed: ReadonlyMap<string, ReadonlySet<number>>): boolean {
  const lines = changed.get(finding.path) ?? changed.get(finding.path.replace(/^(?:\.\/|\/|[ab]\/)/, ""));
  if (!lines) return false;
  for (let line = finding.start_line; line <= finding.end_line; line++) if (lines.has(line)) return true;
  return false;
}

export function applySignalRules(findings: readonly Finding[], rules: SignalRules): SignalResult {
  const kept: Finding[] = [];
  const leftOut: SignalResult["leftOut"] = [];
  for (const finding of findings) {
    if (finding.confidence_score < rules.minConfidence) {
      leftOut.push({ finding, reason: "low-confidence" });
      continue;
    }
    const minor = (finding.priority ?? 4) > UNCHANGED_CODE_MAX_PRIORITY;
    // A finding already open and left out here stays open: the ledger finds its code still there.
    if (rules.changedLines !== null && minor && !touchesChange(finding, rules.changedLines)) {
      leftOut.push({ finding, reason: "unchanged-code" });
      continue;
    }
    kept.push(finding);
  }
  return { kept, leftOut };
}
