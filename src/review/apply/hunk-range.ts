/**
 * The head lines a review comment was written against, read from its `diff_hunk` (the hunk header
 * and the hunk's lines down to the commented one, as they were when the comment was posted).
 * Returns null when the hunk does not show the whole range on the RIGHT side.
 */
export function rangeFromDiffHunk(diffHunk: string, start: number, end: number): string[] | null {
  const lines = diffHunk.replace(/\r\n/g, "\n").split("\n");
  if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
  const header = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(lines[0] ?? "");
  if (!header || end < start) return null;
  let number = Number(header[1]);
  const right = new Map<number, string>();
  for (const line of lines.slice(1)) {
    const marker = line[0];
    if (marker === "-" || marker === "\\") continue;
    // An empty line in a hunk is a context line whose text is empty (some tools strip the space).
    right.set(number++, line.slice(1).replace(/\r$/, ""));
  }
  const range: string[] = [];
  for (let n = start; n <= end; n++) {
    const text = right.get(n);
    if (text === undefined) return null;
    range.push(text);
  }
  return range;
}
