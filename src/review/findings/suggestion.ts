import { commonIndent, isBlank, sameLines } from "./quote.js";
import type { Finding } from "./schema.js";

export type PreparedFix =
  | { kind: "none"; reason: string | null }
  | { kind: "candidate"; replacement: string[] }
  | { kind: "diff"; replacement: string[]; reason: string };

export interface PrepareInput {
  finding: Finding;
  /** The quote, split into lines. */
  quote: readonly string[];
  /** The quote holds only the first and last line of a longer range (see `readQuote`). Default false. */
  quotedEnds?: boolean;
  /** The range's lines as the diff shows them. */
  original: readonly string[];
  /** The model's replacement, split into lines. */
  replacement: readonly string[];
  maxLines: number;
  triggerWords: readonly string[];
}

function leading(line: string): string {
  return /^[ \t]*/.exec(line)?.[0] ?? "";
}

/**
 * Re-indents the replacement when the quote and the file differ only by a uniform indentation (the
 * model dropped or changed the leading whitespace it copied): `from` becomes `to` on every line.
 * Null when the quote differs from the file in any other way, or a replacement line cannot be mapped.
 */
function reindent(
  quote: readonly string[],
  original: readonly string[],
  replacement: readonly string[],
): string[] | null {
  if (sameLines(quote, original)) return [...replacement];
  const from = commonIndent(quote);
  const to = commonIndent(original);
  const uniform = quote.every((line, i) => {
    const actual = original[i] ?? "";
    if (isBlank(line) && isBlank(actual)) return true;
    return (
      line.startsWith(from) &&
      actual === to + line.slice(from.length).trimEnd() + actual.slice(actual.trimEnd().length)
    );
  });
  if (!uniform) return null;
  const mapped: string[] = [];
  for (const line of replacement) {
    if (isBlank(line)) mapped.push(line);
    else if (line.startsWith(from)) mapped.push(to + line.slice(from.length));
    else return null;
  }
  return mapped;
}

/**
 * Models often write a replacement flush left although the range is indented; GitHub would then
 * commit it flush left. When no replacement line is indented and every original line is, the
 * original's indentation is restored.
 */
function restoreIndent(original: readonly string[], replacement: string[]): string[] {
  const base = commonIndent(original);
  const content = replacement.filter((line) => !isBlank(line));
  if (base === "" || content.length === 0 || content.some((line) => leading(line) !== "")) return replacement;
  return replacement.map((line) => (isBlank(line) ? line : base + line));
}

function containsTrigger(lines: readonly string[], triggerWords: readonly string[]): boolean {
  const text = lines.join("\n").toLowerCase();
  return triggerWords.some((word) => word !== "" && text.includes(word.toLowerCase()));
}

/**
 * The checks a suggestion must pass before it is even tried against the head: it must replace the
 * range it was written for, change something, not drop lines silently, stay short, and not carry the
 * trigger word (GitHub would commit it verbatim, so it cannot be defused).
 */
export function prepareFix(input: PrepareInput): PreparedFix {
  const { finding, quote, original } = input;
  if (finding.suggestion === null) return { kind: "none", reason: null };
  if (input.quotedEnds) {
    // A suggestion replaces every line of its range: each must have been quoted to be confirmed.
    return {
      kind: "diff",
      replacement: [...input.replacement],
      reason: "the finding quoted only the first and last line of the range it replaces",
    };
  }
  const cited = finding.end_line - finding.start_line + 1;
  if (cited !== quote.length) {
    return {
      kind: "diff",
      replacement: [...input.replacement],
      reason: "the cited lines and the quoted code disagree",
    };
  }
  const mapped = reindent(quote, original, input.replacement);
  if (mapped === null) {
    return {
      kind: "diff",
      replacement: [...input.replacement],
      reason: "the quoted code differs from the file",
    };
  }
  const replacement = restoreIndent(original, mapped);
  if (sameLines(replacement, original))
    return { kind: "none", reason: "the suggested code is the current code" };
  if (replacement.length < original.length && !finding.deletes_lines) {
    return { kind: "diff", replacement, reason: "it would delete lines the finding does not say it removes" };
  }
  if (replacement.length > input.maxLines || original.length > input.maxLines) {
    return { kind: "diff", replacement, reason: `it is longer than ${input.maxLines} lines` };
  }
  if (containsTrigger(replacement, input.triggerWords)) {
    return { kind: "diff", replacement, reason: "it contains the bot's trigger word" };
  }
  return { kind: "candidate", replacement };
}
