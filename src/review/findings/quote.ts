/**
 * Splits text the model wrote (a quote or a replacement) into lines. Models often end such text with
 * a newline that is not part of the range, and may echo the CRLF of the file: both are dropped, so
 * that "" means zero lines.
 */
export function splitModelLines(text: string): string[] {
  const unix = text.replace(/\r\n?/g, "\n");
  const body = unix.endsWith("\n") ? unix.slice(0, -1) : unix;
  return body === "" && !unix.endsWith("\n") ? [] : body.split("\n");
}

/** The form under which a quote still matches when only whitespace differs. */
export function looseLine(line: string): string {
  return line.replace(/\s+/g, " ").trim();
}

export function isBlank(line: string): boolean {
  return line.trim() === "";
}

export function sameLines(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((line, i) => line === b[i]);
}

export function looselySameLines(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((line, i) => looseLine(line) === looseLine(b[i] ?? ""));
}

/** The longest run of leading whitespace shared by every non-blank line. */
export function commonIndent(lines: readonly string[]): string {
  let common: string | null = null;
  for (const line of lines) {
    if (isBlank(line)) continue;
    const indent = /^[ \t]*/.exec(line)?.[0] ?? "";
    if (common === null) {
      common = indent;
      continue;
    }
    let i = 0;
    while (i < common.length && i < indent.length && common[i] === indent[i]) i++;
    common = common.slice(0, i);
  }
  return common ?? "";
}

/**
 * Splits a quote. "a\nb\n" is either two lines plus the newline a model likes to add, or, as the
 * schema defines it, three lines ending with a blank one: the cited range's length decides.
 */
export function splitQuote(text: string, citedLength: number): string[] {
  const strict = text.replace(/\r\n?/g, "\n").split("\n");
  if (strict.length > 1 && strict[strict.length - 1] === "" && strict.length !== citedLength) strict.pop();
  return text === "" ? [] : strict;
}

/**
 * How a finding quotes its range. `full`: every line. `ends`: only the first and the last line of a
 * longer range — the lean form the instructions allow for findings without a suggestion, since two
 * lines pinned to the cited line numbers locate a range as surely as all of them, and the lines in
 * between are then read from the diff itself.
 */
export type Quote =
  | { kind: "full"; lines: string[] }
  | { kind: "ends"; first: string; last: string; length: number; lines: string[] };

/** Reads a quote: two lines for a cited range of three or more lines are its ends. */
export function readQuote(text: string, citedLength: number): Quote {
  const lines = splitQuote(text, citedLength);
  const [first, last] = lines;
  if (citedLength > 2 && lines.length === 2 && first !== undefined && last !== undefined) {
    return { kind: "ends", first, last, length: citedLength, lines };
  }
  return { kind: "full", lines };
}
