import { looseLine } from "../findings/quote.js";

/** Where a quote sits in a file, and the file's lines there. */
export interface LocatedQuote {
  startLine: number;
  endLine: number;
  lines: string[];
}

/**
 * Finds quoted lines in a file's text the way the fingerprint sees them: whitespace folded and blank
 * lines ignored, so re-indenting, trimming or inserting blank lines does not lose the quote. When the
 * quote occurs more than once, the occurrence nearest to `near` (the line it was last seen at) wins.
 *
 * Returns null when the quote is absent, and also for a quote with nothing but blank lines (nothing
 * can be told about it; callers check {@link hasQuote} first).
 */
export function locateQuote(content: string, original: readonly string[], near: number): LocatedQuote | null {
  const quote = original.map(looseLine).filter((line) => line !== "");
  const first = quote[0];
  if (first === undefined) return null;
  const fileLines = content.replace(/\r\n?/g, "\n").split("\n");
  const nonBlank: Array<{ line: number; text: string }> = [];
  fileLines.forEach((text, i) => {
    const loose = looseLine(text);
    if (loose !== "") nonBlank.push({ line: i + 1, text: loose });
  });

  let best: LocatedQuote | null = null;
  for (let k = 0; k + quote.length <= nonBlank.length; k++) {
    if (nonBlank[k]?.text !== first) continue;
    if (!quote.every((line, j) => nonBlank[k + j]?.text === line)) continue;
    const startLine = (nonBlank[k] as { line: number }).line;
    const endLine = (nonBlank[k + quote.length - 1] as { line: number }).line;
    if (best === null || Math.abs(startLine - near) < Math.abs(best.startLine - near)) {
      best = { startLine, endLine, lines: fileLines.slice(startLine - 1, endLine) };
    }
  }
  return best;
}

/** Whether a quote has any non-blank line to look for. */
export function hasQuote(original: readonly string[]): boolean {
  return original.some((line) => line.trim() !== "");
}
