import type { AnchorKind } from "../../review/findings/types.js";
import type { Finding } from "../../review/findings/schema.js";
import type { LocalReview } from "../run-local.js";

/** A fix as the outputs show it: verified ones may be applied, the others only read. */
export interface EntryFix {
  lines: string[];
  /** Proven against the head file, exactly as a posted suggestion is. */
  verified: boolean;
  /** Why it is not verified; null when it is. */
  reason: string | null;
}

/** One finding, placed or not, in the terms every output format shares. */
export interface ReportEntry {
  finding: Finding;
  path: string;
  startLine: number;
  endLine: number;
  /** True when the range was found in the diff (the app would comment inline). */
  placed: boolean;
  /** Why it could not be placed; null when placed. */
  reason: string | null;
  anchor: AnchorKind | null;
  /** The lines of the range as the head has them (empty when unknown). */
  original: string[];
  fix: EntryFix | null;
}

function byLocation(a: ReportEntry, b: ReportEntry): number {
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  return a.startLine - b.startLine || (a.finding.priority ?? 4) - (b.finding.priority ?? 4);
}

/** Placed and unplaced findings in one list, by file and line. */
export function reportEntries(review: Pick<LocalReview, "placed" | "unplaced">): ReportEntry[] {
  const placed = review.placed.map((p): ReportEntry => {
    const fix: EntryFix | null =
      p.fix.kind === "suggestion"
        ? { lines: p.fix.lines, verified: true, reason: null }
        : p.fix.kind === "diff"
          ? { lines: p.fix.replacement, verified: false, reason: p.fix.reason }
          : null;
    return {
      finding: p.finding,
      path: p.path,
      startLine: p.startLine,
      endLine: p.endLine,
      placed: true,
      reason: null,
      anchor: p.anchor,
      original: p.original,
      fix,
    };
  });
  const unplaced = review.unplaced.map((u): ReportEntry => ({
    finding: u.finding,
    path: u.finding.path,
    startLine: u.finding.start_line,
    endLine: Math.max(u.finding.start_line, u.finding.end_line),
    placed: false,
    reason: u.reason,
    anchor: null,
    original: u.fix?.original ?? [],
    fix: u.fix ? { lines: u.fix.replacement, verified: false, reason: u.reason } : null,
  }));
  return [...placed, ...unplaced].sort(byLocation);
}

/** `P1`, or `P?` for a finding the model gave no priority. */
export function priorityLabel(priority: number | null): string {
  return priority === null ? "P?" : `P${priority}`;
}

/** Counts per priority, most important first, for summary lines. */
export function priorityCounts(entries: readonly ReportEntry[]): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const e of [...entries].sort((a, b) => (a.finding.priority ?? 4) - (b.finding.priority ?? 4))) {
    const label = priorityLabel(e.finding.priority);
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return [...counts];
}

/** The files (or parts of them) some lane showed the model. */
export function reviewedPaths(review: Pick<LocalReview, "setup">): string[] {
  return [...new Set(review.setup.plan.lanes.flat().map((patch) => patch.path))];
}
