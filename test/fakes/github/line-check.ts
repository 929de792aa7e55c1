import {
  diffHunkOf,
  hunkOf,
  lineMapOf,
  lineText,
  positionOf,
  resolvePosition,
  type Side,
} from "./diff-lines.js";
import type { PullFileRecord } from "./state.js";

/** Where a review comment asks to be placed, in the request's own field names. */
export interface CommentLocation {
  path: string;
  line?: number;
  side?: string;
  start_line?: number;
  start_side?: string;
  position?: number;
  subject_type?: string;
}

/** Why GitHub would refuse a location. */
export type LocationProblem =
  "path" | "line" | "position" | "start_line_order" | "start_line_hunk" | "start_side";

/** A location that fits the diff, with what GitHub derives from it. */
export interface ResolvedLocation {
  path: string;
  line: number | null;
  side: Side;
  startLine: number | null;
  startSide: Side | null;
  position: number | null;
  diffHunk: string;
  anchorText: string | undefined;
  subjectType: "line" | "file";
}

type Result = { ok: true; value: ResolvedLocation } | { ok: false; problem: LocationProblem };

/**
 * Checks a comment location against the PR's diff as GitHub does: the path must be a changed
 * file, the line must be inside a hunk on its side (RIGHT: added or context line numbered in the
 * head file; LEFT: removed or context line numbered in the base file), and a range must start
 * before its end and stay within one hunk.
 */
export function resolveLocation(files: PullFileRecord[], location: CommentLocation): Result {
  const file = files.find((f) => f.path === location.path);
  if (!file) return { ok: false, problem: "path" };
  const map = lineMapOf(file.patch);
  if (location.subject_type === "file") {
    const value: ResolvedLocation = {
      path: file.path,
      line: null,
      side: "RIGHT",
      startLine: null,
      startSide: null,
      position: null,
      diffHunk: map?.hunks[0]?.header ?? "",
      anchorText: undefined,
      subjectType: "file",
    };
    return { ok: true, value };
  }
  if (!map) return { ok: false, problem: "line" };
  let side = (location.side ?? "RIGHT") as Side;
  let line = location.line;
  if (line === undefined) {
    if (location.position === undefined) return { ok: false, problem: "line" };
    const resolved = resolvePosition(map, location.position);
    if (!resolved) return { ok: false, problem: "position" };
    ({ side, line } = resolved);
  }
  const hunk = hunkOf(map, side, line);
  if (!hunk) return { ok: false, problem: "line" };
  let startLine: number | null = null;
  let startSide: Side | null = null;
  if (location.start_line !== undefined) {
    startSide = (location.start_side ?? side) as Side;
    // A range may run from a removed line into the added lines, never the other way round.
    if (startSide === "RIGHT" && side === "LEFT") return { ok: false, problem: "start_side" };
    if (startSide === side && location.start_line >= line) return { ok: false, problem: "start_line_order" };
    if (hunkOf(map, startSide, location.start_line) !== hunk)
      return { ok: false, problem: "start_line_hunk" };
    startLine = location.start_line;
  }
  return {
    ok: true,
    value: {
      path: file.path,
      line,
      side,
      startLine,
      startSide,
      position: positionOf(map, side, line),
      diffHunk: diffHunkOf(map, side, line),
      anchorText: lineText(map, side, line),
      subjectType: "line",
    },
  };
}

/** The review endpoint's wording (string `errors`) for each problem. */
export const REVIEW_ERROR: Record<LocationProblem, string> = {
  path: "Path could not be resolved",
  line: "Line could not be resolved",
  position: "Position could not be resolved",
  start_line_order: "Pull request review thread start line must precede the end line.",
  start_line_hunk: "Pull request review thread start line must be part of the same hunk as the line.",
  start_side: "Pull request review thread start side must precede the end side.",
};

/** The single-comment endpoint's field and message for each problem. */
export const COMMENT_ERROR: Record<LocationProblem, { field: string; message: string }> = {
  path: {
    field: "pull_request_review_thread.path",
    message: "pull_request_review_thread.path could not be resolved",
  },
  line: {
    field: "pull_request_review_thread.line",
    message: "pull_request_review_thread.line must be part of the diff",
  },
  position: {
    field: "pull_request_review_thread.position",
    message: "pull_request_review_thread.position could not be resolved",
  },
  start_line_order: {
    field: "pull_request_review_thread.start_line",
    message: "pull_request_review_thread.start_line must precede the end line",
  },
  start_line_hunk: {
    field: "pull_request_review_thread.start_line",
    message: "pull_request_review_thread.start_line must be part of the same hunk as the line.",
  },
  start_side: {
    field: "pull_request_review_thread.start_side",
    message: "pull_request_review_thread.start_side must precede the end side",
  },
};
