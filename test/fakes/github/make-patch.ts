import { structuredPatch } from "diff";

/** A GitHub-style file patch (hunks only, three lines of context) and its line counts. */
export interface ComputedPatch {
  patch: string;
  additions: number;
  deletions: number;
}

function range(start: number, count: number): string {
  // Git writes an empty range as the line before it, and leaves out a count of 1.
  const first = count === 0 ? start - 1 : start;
  return count === 1 ? `${first}` : `${first},${count}`;
}

/** True when the content looks binary to Git (a NUL byte), so GitHub shows no patch. */
export function isBinary(content: string | undefined): boolean {
  return content !== undefined && content.includes("\0");
}

/**
 * The patch GitHub would show for a file going from `before` to `after` (`undefined` = absent).
 * Returns null for binary content.
 */
export function computePatch(before: string | undefined, after: string | undefined): ComputedPatch | null {
  if (isBinary(before) || isBinary(after)) return null;
  const structured = structuredPatch("a", "b", before ?? "", after ?? "", undefined, undefined, {
    context: 3,
  });
  let additions = 0;
  let deletions = 0;
  const text = structured.hunks.map((hunk) => {
    for (const line of hunk.lines) {
      if (line.startsWith("+")) additions++;
      else if (line.startsWith("-")) deletions++;
    }
    const header = `@@ -${range(hunk.oldStart, hunk.oldLines)} +${range(hunk.newStart, hunk.newLines)} @@`;
    return [header, ...hunk.lines].join("\n");
  });
  return { patch: text.join("\n"), additions, deletions };
}
