import type { Finding } from "../../../../src/review/findings/schema.js";
import type { PlacedFinding } from "../../../../src/review/findings/types.js";
import type { LedgerEntry } from "../../../../src/review/ledger/entry.js";

/** A model finding with sensible defaults. */
export function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    title: "Guard against division by zero",
    body: "Dividing by `b` when it is zero returns Infinity.",
    priority: 1,
    confidence_score: 0.9,
    path: "src/math.ts",
    start_line: 14,
    end_line: 14,
    original_code: "  return a / b;",
    suggestion: null,
    deletes_lines: false,
    ...overrides,
  };
}

/** A placed finding at `path` lines `startLine..` holding `original`. */
export function placed(
  original: string[],
  startLine: number,
  overrides: { path?: string; title?: string } = {},
): PlacedFinding {
  const path = overrides.path ?? "src/math.ts";
  const endLine = startLine + original.length - 1;
  return {
    finding: finding({
      title: overrides.title ?? "Guard against division by zero",
      path,
      start_line: startLine,
      end_line: endLine,
      original_code: original.join("\n"),
    }),
    path,
    startLine,
    endLine,
    anchor: "exact",
    original,
    fix: { kind: "none", reason: null },
  };
}

/** A ledger entry with defaults (open, posted as comment 1). */
export function entry(overrides: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    state: "open",
    path: "src/math.ts",
    startLine: 14,
    endLine: 14,
    title: "Guard against division by zero",
    original: ["  return a / b;"],
    commentId: 1,
    threadId: "PRRT_1",
    firstSeenSha: "a".repeat(40),
    lastSeenSha: "a".repeat(40),
    updatedAt: "2026-01-01T00:00:00.000Z",
    ...overrides,
  };
}
