import { sameLines } from "../findings/quote.js";
import type { PlacedFinding } from "../findings/types.js";
import type { LedgerEntry } from "./entry.js";
import { currentPath, fingerprint, fingerprintPlaced, type RenameMap } from "./fingerprint.js";
import { hasQuote, locateQuote } from "./locate.js";
import { fixedReply, stillPresentReply } from "./replies.js";
import type { LedgerSummary } from "./summary.js";
import type { FindingLocation } from "./types.js";

/**
 * Decides, for a new head, what happens to each finding the model reported and to each finding the
 * ledger holds open. Pure: the caller reads the ledger and GitHub before, and acts after.
 *
 * Rules, per reported finding (matched by fingerprint, also under the renames given):
 * - no entry, or one that is fixed, outdated or being posted → `post` (the claim arbitrates races);
 * - a dismissed entry → `skip-dismissed`, whatever else changed;
 * - an open entry → `skip-open`; if it moved, a `track` action; and a `note` action ("still present in
 *   <sha>") only when the code around it changed: its quoted lines changed textually (whitespace) or
 *   GitHub shows its thread as outdated — and at most once per head;
 * - the same fingerprint twice in one review → `skip-duplicate`.
 *
 * Per open entry the model did not report again, from the head's text of its file:
 * - the file is gone, or its quote is nowhere in it (removed or rewritten) → `resolve`;
 * - the quote is still there → left open (a model that does not repeat itself is no proof of a fix),
 *   with a `track` action if it moved, or `outdate` if its file left the PR's diff;
 * - its file's text was not given, or the entry has no quote (rebuilt from a comment without one) →
 *   nothing: unknown is not fixed.
 */

export type FindingDecision =
  | { kind: "post"; fingerprint: string; placed: PlacedFinding }
  | { kind: "skip-open"; fingerprint: string; placed: PlacedFinding }
  | { kind: "skip-dismissed"; fingerprint: string; placed: PlacedFinding }
  | { kind: "skip-duplicate"; fingerprint: string; placed: PlacedFinding };

export type EntryAction =
  /** Reply `reply`, resolve the thread, mark fixed. */
  | { kind: "resolve"; fingerprint: string; entry: LedgerEntry; reply: string }
  /** Same thread, new place: update the entry only. */
  | { kind: "track"; fingerprint: string; entry: LedgerEntry; to: FindingLocation }
  /** Reply `reply` in the thread (once per head). */
  | { kind: "note"; fingerprint: string; entry: LedgerEntry; reply: string }
  /** The file left the PR: no thread action, the entry stops being open. */
  | { kind: "outdate"; fingerprint: string; entry: LedgerEntry };

export interface ReconcileInput {
  /** Every entry of the PR's ledger (`ledger.all()`). */
  entries: ReadonlyMap<string, LedgerEntry>;
  /** The placed findings of this review. */
  placed: readonly PlacedFinding[];
  headSha: string;
  /**
   * Head text by head path, for the paths {@link pathsToCheck} names: null when the file is gone,
   * absent when not fetched (then its entries are left alone).
   */
  headContents: ReadonlyMap<string, string | null>;
  /** Head paths the PR changes at this head. When given, an entry whose file left the diff is outdated. */
  changedPaths?: ReadonlySet<string>;
  /** Old → new path for files renamed since the entries were written. */
  renames?: RenameMap;
  /** GraphQL ids of threads GitHub shows as outdated. */
  outdatedThreads?: ReadonlySet<string>;
  /** `meta().lastReviewAt`: dismissals after it count in the summary. */
  lastReviewAt?: string | null;
}

export interface ReconcilePlan {
  /** One per placed finding, in input order. */
  decisions: FindingDecision[];
  actions: EntryAction[];
  summary: LedgerSummary;
}

/** Head paths whose text {@link reconcile} needs: those of open entries, after renames. */
export function pathsToCheck(entries: ReadonlyMap<string, LedgerEntry>, renames?: RenameMap): string[] {
  const paths = new Set<string>();
  for (const entry of entries.values()) {
    if (entry.state === "open" && hasQuote(entry.original)) paths.add(currentPath(entry.path, renames));
  }
  return [...paths];
}

function locationOf(placed: PlacedFinding): FindingLocation {
  return {
    path: placed.path,
    startLine: placed.startLine,
    endLine: placed.endLine,
    original: placed.original,
  };
}

function movedFrom(entry: LedgerEntry, to: FindingLocation): boolean {
  return entry.path !== to.path || entry.startLine !== to.startLine || entry.endLine !== to.endLine;
}

/** Stored fingerprint by every fingerprint an entry answers to: its own, and its own after renames. */
function matchIndex(entries: ReadonlyMap<string, LedgerEntry>, renames?: RenameMap): Map<string, string> {
  const index = new Map<string, string>();
  for (const [key, entry] of entries) {
    index.set(key, key);
    if (renames && currentPath(entry.path, renames) !== entry.path) {
      const alias = fingerprint({ path: entry.path, original: entry.original, title: entry.title }, renames);
      if (!index.has(alias)) index.set(alias, key);
    }
  }
  return index;
}

function countDismissed(entries: ReadonlyMap<string, LedgerEntry>, since: string | null | undefined): number {
  let count = 0;
  for (const entry of entries.values()) {
    if (entry.state !== "dismissed" || entry.dismissedAt === undefined) continue;
    if (!since || entry.dismissedAt > since) count++;
  }
  return count;
}

export function reconcile(input: ReconcileInput): ReconcilePlan {
  const { entries, headSha, renames } = input;
  const index = matchIndex(entries, renames);
  const decisions: FindingDecision[] = [];
  const actions: EntryAction[] = [];
  const seen = new Set<string>();
  const reported = new Set<string>();

  for (const placed of input.placed) {
    const own = fingerprintPlaced(placed, renames);
    const key = index.get(own);
    const entry = key === undefined ? undefined : entries.get(key);
    const fp = key ?? own;
    if (seen.has(fp)) {
      decisions.push({ kind: "skip-duplicate", fingerprint: fp, placed });
      continue;
    }
    seen.add(fp);
    if (entry?.state === "dismissed") {
      decisions.push({ kind: "skip-dismissed", fingerprint: fp, placed });
      continue;
    }
    if (entry?.state !== "open") {
      decisions.push({ kind: "post", fingerprint: fp, placed });
      continue;
    }
    reported.add(fp);
    decisions.push({ kind: "skip-open", fingerprint: fp, placed });
    const to = locationOf(placed);
    if (movedFrom(entry, to)) actions.push({ kind: "track", fingerprint: fp, entry, to });
    const reworded = hasQuote(entry.original) && !sameLines(entry.original, placed.original);
    const outdated = entry.threadId !== null && (input.outdatedThreads?.has(entry.threadId) ?? false);
    const firstLookAtHead = entry.lastSeenSha !== headSha && entry.notedSha !== headSha;
    if ((reworded || outdated) && firstLookAtHead && entry.commentId !== null) {
      actions.push({ kind: "note", fingerprint: fp, entry, reply: stillPresentReply(headSha, to) });
    }
  }

  for (const [fp, entry] of entries) {
    if (entry.state !== "open" || reported.has(fp) || !hasQuote(entry.original)) continue;
    const path = currentPath(entry.path, renames);
    const content = input.headContents.get(path);
    if (content === undefined) continue;
    const found = content === null ? null : locateQuote(content, entry.original, entry.startLine);
    if (found === null) {
      actions.push({ kind: "resolve", fingerprint: fp, entry, reply: fixedReply(fp, headSha) });
    } else if (input.changedPaths && !input.changedPaths.has(path)) {
      actions.push({ kind: "outdate", fingerprint: fp, entry });
    } else {
      const to: FindingLocation = {
        path,
        startLine: found.startLine,
        endLine: found.endLine,
        original: found.lines,
      };
      if (movedFrom(entry, to)) actions.push({ kind: "track", fingerprint: fp, entry, to });
    }
  }

  const closed = actions.filter((a) => a.kind === "resolve" || a.kind === "outdate").length;
  const open = [...entries.values()].filter((e) => e.state === "open").length;
  return {
    decisions,
    actions,
    summary: {
      new: decisions.filter((d) => d.kind === "post").length,
      fixed: actions.filter((a) => a.kind === "resolve").length,
      stillOpen: open - closed,
      dismissed: countDismissed(entries, input.lastReviewAt),
    },
  };
}
