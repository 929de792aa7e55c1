import { parsePatch } from "diff";

export type Side = "LEFT" | "RIGHT";

/** One hunk of a file's patch, with the lines a review comment may sit on. */
export interface Hunk {
  /** The `@@ … @@` line as GitHub sent it. */
  header: string;
  /** Raw patch lines after the header (` `, `-`, `+`, `\`). */
  lines: string[];
  /** Base-file line numbers shown on the left: removed and context lines. */
  left: Map<number, number>;
  /** Head-file line numbers shown on the right: added and context lines. */
  right: Map<number, number>;
  /** Diff position of the header line (0 for the first hunk). */
  headerPosition: number;
}

/** The hunks of one file's patch; lines map to their index in `Hunk.lines`. */
export interface LineMap {
  hunks: Hunk[];
}

/**
 * Parses a hunk-only patch (what `GET /pulls/{n}/files` returns) with the `diff` package. Returns
 * null for a file without a patch (binary or too large), which can take no line comment.
 */
export function lineMapOf(patch: string | undefined | null): LineMap | null {
  if (patch === undefined || patch === null || patch === "") return null;
  const parsed = parsePatch(patch)[0];
  if (!parsed) return null;
  const headers = patch.split("\n").filter((line) => line.startsWith("@@"));
  let position = 0;
  const hunks = parsed.hunks.map((hunk, index): Hunk => {
    const left = new Map<number, number>();
    const right = new Map<number, number>();
    let oldLine = hunk.oldStart;
    let newLine = hunk.newStart;
    hunk.lines.forEach((line, i) => {
      const mark = line[0];
      if (mark === "-" || mark === " ") left.set(oldLine++, i);
      if (mark === "+" || mark === " ") right.set(newLine++, i);
    });
    // GitHub counts positions from the first header; later headers take a position of their own.
    const headerPosition = index === 0 ? 0 : position + 1;
    position = headerPosition + hunk.lines.length;
    const header =
      headers[index] ?? `@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`;
    return { header, lines: hunk.lines, left, right, headerPosition };
  });
  return { hunks };
}

/** The hunk holding `line` on `side`, if any. */
export function hunkOf(map: LineMap, side: Side, line: number): Hunk | undefined {
  return map.hunks.find((hunk) => (side === "LEFT" ? hunk.left : hunk.right).has(line));
}

function indexIn(hunk: Hunk, side: Side, line: number): number {
  return (side === "LEFT" ? hunk.left : hunk.right).get(line) ?? -1;
}

/** The deprecated diff `position` of a line (1 = first line below the first header). */
export function positionOf(map: LineMap, side: Side, line: number): number | null {
  const hunk = hunkOf(map, side, line);
  return hunk ? hunk.headerPosition + indexIn(hunk, side, line) + 1 : null;
}

/** Resolves a deprecated `position` into a side and line, as GitHub did before `line` existed. */
export function resolvePosition(map: LineMap, position: number): { side: Side; line: number } | null {
  for (const hunk of map.hunks) {
    const index = position - hunk.headerPosition - 1;
    if (index < 0 || index >= hunk.lines.length) continue;
    const mark = hunk.lines[index]?.[0];
    const table = mark === "-" ? hunk.left : hunk.right;
    for (const [line, i] of table) if (i === index) return { side: mark === "-" ? "LEFT" : "RIGHT", line };
  }
  return null;
}

/** `diff_hunk` of a comment: the hunk header and its lines down to the commented one. */
export function diffHunkOf(map: LineMap, side: Side, line: number): string {
  const hunk = hunkOf(map, side, line);
  if (!hunk) return "";
  return [hunk.header, ...hunk.lines.slice(0, indexIn(hunk, side, line) + 1)].join("\n");
}

/** Text of the diff line a comment sits on, without its marker (used to detect outdated threads). */
export function lineText(map: LineMap, side: Side, line: number): string | undefined {
  const hunk = hunkOf(map, side, line);
  return hunk?.lines[indexIn(hunk, side, line)]?.slice(1);
}
