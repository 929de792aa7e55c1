import { shortSha } from "./replies.js";

/** What changed since the last review, for the review body. */
export interface LedgerSummary {
  /** Findings posted by this review. */
  new: number;
  /** Findings whose code left the head in this review (threads resolved). */
  fixed: number;
  /** Findings still open after this review, already posted before. */
  stillOpen: number;
  /** Findings dismissed by people since the last review. */
  dismissed: number;
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/**
 * One short line for the review body, e.g. "**Since the last review** (`abc1234`): 1 new finding,
 * 2 fixed, 3 still open, 1 dismissed." Only numbers and a hex SHA are printed, so there is nothing to
 * sanitize. Empty when this is the first review or nothing is tracked (the body says enough then).
 */
export function renderLedgerSummary(summary: LedgerSummary, sinceSha?: string | null): string {
  const { fixed, stillOpen, dismissed } = summary;
  if (fixed + stillOpen + dismissed === 0 && (sinceSha === undefined || sinceSha === null)) return "";
  const parts = [
    plural(summary.new, "new finding"),
    `${fixed} fixed`,
    `${stillOpen} still open`,
    `${dismissed} dismissed`,
  ];
  const since = sinceSha ? ` (\`${shortSha(sinceSha)}\`)` : "";
  return `**Since the last review**${since}: ${parts.join(", ")}.`;
}
