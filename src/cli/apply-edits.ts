import { byImportance } from "../review/findings/order.js";
import type { PlacedFinding } from "../review/findings/types.js";

/** One verified suggestion to write: head lines `startLine..endLine` become `lines`. */
export interface LineEdit {
  path: string;
  startLine: number;
  endLine: number;
  lines: string[];
  title: string;
}

/**
 * The verified suggestions that can be written together: where two overlap, the more important
 * wins (as GitHub applies one suggestion per line), the other is left out.
 */
export function applicableEdits(placed: readonly PlacedFinding[]): LineEdit[] {
  const taken = new Map<string, Array<[number, number]>>();
  const edits: LineEdit[] = [];
  for (const p of [...placed].sort(byImportance)) {
    if (p.fix.kind !== "suggestion") continue;
    const ranges = taken.get(p.path) ?? [];
    if (ranges.some(([s, e]) => p.startLine <= e && s <= p.endLine)) continue;
    ranges.push([p.startLine, p.endLine]);
    taken.set(p.path, ranges);
    edits.push({
      path: p.path,
      startLine: p.startLine,
      endLine: p.endLine,
      lines: p.fix.lines,
      title: p.finding.title,
    });
  }
  return edits;
}

/** Lines with their own terminators (`\n`, `\r\n` or none for a last line without one). */
function splitKeepingEnds(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

function ending(line: string): string {
  return line.endsWith("\r\n") ? "\r\n" : line.endsWith("\n") ? "\n" : "";
}

/**
 * Replaces the lines of each edit and nothing else: every byte outside the ranges is kept, and the
 * new lines take the range's own line endings (its last line's ending, even none, stays the last).
 * Edits are applied bottom-up so that each one's line numbers are the head's.
 */
export function applyLineEdits(text: string, edits: readonly LineEdit[]): string {
  const lines = splitKeepingEnds(text);
  for (const edit of [...edits].sort((a, b) => b.startLine - a.startLine)) {
    const first = lines[edit.startLine - 1];
    const last = lines[edit.endLine - 1];
    if (first === undefined || last === undefined)
      throw new RangeError(`${edit.path}: lines ${edit.startLine}-${edit.endLine} are past the end`);
    const inner = ending(first) || "\n";
    const replacement = edit.lines.map(
      (line, i) => line + (i === edit.lines.length - 1 ? ending(last) : inner),
    );
    lines.splice(edit.startLine - 1, edit.endLine - edit.startLine + 1, ...replacement);
  }
  return lines.join("");
}
