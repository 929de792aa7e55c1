import { looseLine } from "./quote.js";
import type { Finding } from "./schema.js";

interface Ranked {
  finding: Finding;
  path: string;
  startLine: number;
}

/**
 * The order findings compete for inline slots (and for suggestion checks): priority 0 first, no
 * priority after P3, then the more confident, then by place so the result is stable.
 */
export function byImportance(a: Ranked, b: Ranked): number {
  return (
    (a.finding.priority ?? 4) - (b.finding.priority ?? 4) ||
    b.finding.confidence_score - a.finding.confidence_score ||
    (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
    a.startLine - b.startLine
  );
}

/** Two reports of one finding (overlapping lanes, a repetitive model) share this key. */
export function placedKey(path: string, startLine: number, endLine: number, title: string): string {
  return `${path}\0${startLine}\0${endLine}\0${looseLine(title).toLowerCase()}`;
}
