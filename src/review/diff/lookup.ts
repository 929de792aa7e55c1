import type { ReviewSide } from "../ports.js";
import type { DiffLine, FilePatch, Hunk } from "./types.js";

function sideStart(hunk: Hunk, side: ReviewSide): number {
  return side === "RIGHT" ? hunk.newStart : hunk.oldStart;
}

function sideLines(hunk: Hunk, side: ReviewSide): DiffLine[] {
  return side === "RIGHT" ? hunk.right : hunk.left;
}

/**
 * The index of the hunk whose `side` range holds `line`, or -1. Hunks are sorted and disjoint on
 * both sides, so a binary search keeps this O(log hunks) for files with thousands of hunks.
 */
export function hunkIndexAt(patch: FilePatch, line: number, side: ReviewSide = "RIGHT"): number {
  let lo = 0;
  let hi = patch.hunks.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const hunk = patch.hunks[mid] as Hunk;
    const start = sideStart(hunk, side);
    const count = sideLines(hunk, side).length;
    if (line < start) hi = mid - 1;
    else if (line >= start + count) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/** The hunk that holds `line` on `side`, if any. */
export function hunkAt(patch: FilePatch, line: number, side: ReviewSide = "RIGHT"): Hunk | undefined {
  const index = hunkIndexAt(patch, line, side);
  return index < 0 ? undefined : patch.hunks[index];
}

/** Whether GitHub accepts a review comment on `line` of `side` of this file. */
export function isCommentable(patch: FilePatch, line: number, side: ReviewSide = "RIGHT"): boolean {
  return hunkIndexAt(patch, line, side) >= 0;
}

/** The diff line shown for head (`RIGHT`) or base (`LEFT`) line `line`, if the diff shows it. */
export function lineAt(patch: FilePatch, line: number, side: ReviewSide = "RIGHT"): DiffLine | undefined {
  const hunk = hunkAt(patch, line, side);
  return hunk ? sideLines(hunk, side)[line - sideStart(hunk, side)] : undefined;
}

/**
 * Whether `start..end` can carry one multi-line comment: GitHub rejects a range that leaves its hunk
 * (the whole review fails with 422), so both ends must sit in the same hunk.
 */
export function rangeInOneHunk(
  patch: FilePatch,
  start: number,
  end: number,
  side: ReviewSide = "RIGHT",
): boolean {
  if (end < start) return false;
  const index = hunkIndexAt(patch, start, side);
  return index >= 0 && index === hunkIndexAt(patch, end, side);
}

/** The head texts of `start..end` when that range lies in one hunk, else undefined. */
export function rightTexts(patch: FilePatch, start: number, end: number): string[] | undefined {
  if (!rangeInOneHunk(patch, start, end)) return undefined;
  const hunk = hunkAt(patch, start) as Hunk;
  return hunk.right.slice(start - hunk.newStart, end - hunk.newStart + 1).map((line) => line.text);
}

/** A deletion-only hunk shows nothing of the head: there is nothing on the RIGHT side to comment on. */
export function isDeletionOnly(hunk: Hunk): boolean {
  return hunk.newLines === 0;
}
