import type { FilePatch } from "../diff/types.js";
import { anchorEnds, anchorQuote, buildQuoteIndex, type AnchorResult, type QuoteIndex } from "./anchor.js";
import { resolvePlacementOptions, type PlacementOptions } from "./options.js";
import { byImportance, placedKey } from "./order.js";
import { readQuote, splitModelLines, type Quote } from "./quote.js";
import type { Finding } from "./schema.js";
import { prepareFix, type PreparedFix } from "./suggestion.js";
import type { PlacedFinding, PlacedFix, PlacementResult, UnplacedFinding } from "./types.js";
import { verifyEdit, type Verdict, type VerifyContext } from "./verify.js";

export interface PlaceInput {
  findings: readonly Finding[];
  /** Parsed diffs by head path. */
  patches: ReadonlyMap<string, FilePatch>;
  /** Full text at the head by path, for files with findings; null or absent when unavailable. */
  headContents: ReadonlyMap<string, string | null>;
  options: PlacementOptions;
  /**
   * Suggestion checks already made for this head (verdicts, and which files parsed), shared by the
   * placements of one review so that a suggestion is proven once: lanes are placed as they end.
   */
  checks?: SuggestionChecks;
}

export interface SuggestionChecks {
  parsedBefore: Map<string, boolean>;
  verdicts: Map<string, Verdict>;
}

export function newSuggestionChecks(): SuggestionChecks {
  return { parsedBefore: new Map(), verdicts: new Map() };
}

/** Finds the file a finding names, forgiving the prefixes models copy from diff headers. */
function findPatch(patches: ReadonlyMap<string, FilePatch>, path: string): FilePatch | undefined {
  const direct = patches.get(path);
  if (direct) return direct;
  const bare = path.replace(/^(?:\.\/|\/|[ab]\/)/, "");
  const stripped = patches.get(bare);
  if (stripped) return stripped;
  for (const patch of patches.values()) {
    if (patch.previousPath === path || patch.previousPath === bare) return patch;
  }
  return undefined;
}

function unplaced(
  finding: Finding,
  quote: Quote,
  code: UnplacedFinding["code"],
  reason: string,
): UnplacedFinding {
  // A diff against two quoted ends would show lines the fix does not replace.
  const fix =
    finding.suggestion === null || quote.kind === "ends"
      ? null
      : { original: quote.lines, replacement: splitModelLines(finding.suggestion) };
  return { finding, code, reason, fix };
}

/**
 * A quote of the first and last line is tried as such first. When that fails, it is taken as the two
 * lines it literally is — what such a quote meant before the lean form — but only at the cited
 * start: a pair of lines found elsewhere is not evidence enough for either reading.
 */
function anchorFinding(
  patch: FilePatch,
  index: () => QuoteIndex,
  finding: Finding,
  quote: Quote,
  radius: number,
): { result: AnchorResult; quote: Quote } {
  const literal = (): AnchorResult => anchorQuote(patch, index, finding.start_line, quote.lines, radius);
  if (quote.kind === "full") return { result: literal(), quote };
  const ends = anchorEnds(patch, index, finding.start_line, quote, radius);
  if (ends.ok) return { result: ends, quote };
  const two = literal();
  const atCite = two.ok && two.anchor.start === finding.start_line;
  return atCite ? { result: two, quote: { kind: "full", lines: quote.lines } } : { result: ends, quote };
}

interface Anchored {
  placed: PlacedFinding;
  prepared: PreparedFix;
}

function anchorAll(input: PlaceInput, options: ReturnType<typeof resolvePlacementOptions>) {
  const indexes = new Map<FilePatch, QuoteIndex>();
  const anchored: Anchored[] = [];
  const rejected: UnplacedFinding[] = [];
  const seen = new Set<string>();
  for (const finding of input.findings) {
    const quote = readQuote(finding.original_code, finding.end_line - finding.start_line + 1);
    const patch = findPatch(input.patches, finding.path);
    if (!patch) {
      rejected.push(
        unplaced(finding, quote, "file_not_in_diff", "the file is not part of this pull request's diff"),
      );
      continue;
    }
    if (patch.hunks.length === 0) {
      rejected.push(
        unplaced(finding, quote, "file_without_diff", "the file has no diff lines to comment on"),
      );
      continue;
    }
    const index = (): QuoteIndex => {
      let built = indexes.get(patch);
      if (!built) indexes.set(patch, (built = buildQuoteIndex(patch)));
      return built;
    };
    const { result, quote: taken } = anchorFinding(patch, index, finding, quote, options.reanchorRadius);
    if (!result.ok) {
      rejected.push(unplaced(finding, quote, result.code, result.reason));
      continue;
    }
    const { anchor } = result;
    // The same finding twice (overlapping lanes, a repetitive model) is placed once.
    const key = placedKey(patch.path, anchor.start, anchor.end, finding.title);
    if (seen.has(key)) continue;
    seen.add(key);
    const prepared = prepareFix({
      finding,
      quote: taken.lines,
      quotedEnds: taken.kind === "ends",
      original: anchor.original,
      replacement: finding.suggestion === null ? [] : splitModelLines(finding.suggestion),
      maxLines: options.maxSuggestionLines,
      triggerWords: options.triggerWords,
    });
    const placed: PlacedFinding = {
      finding,
      path: patch.path,
      startLine: anchor.start,
      endLine: anchor.end,
      anchor: anchor.kind,
      original: anchor.original,
      fix: { kind: "none", reason: null },
    };
    anchored.push({ placed, prepared });
  }
  return { anchored, rejected };
}

/**
 * Turns the model's findings into comments GitHub will accept: every placed range lies on the RIGHT
 * side within one hunk and holds the quoted code; every suggestion was applied to the head content and
 * shown to change only its range. Whatever cannot be placed is returned with the reason, for the body.
 */
export function placeFindings(input: PlaceInput): PlacementResult {
  const options = resolvePlacementOptions(input.options);
  const { anchored, rejected } = anchorAll(input, options);
  const checks = input.checks ?? newSuggestionChecks();
  const context: VerifyContext = { maxParseCheckChars: options.maxParseCheckChars, ...checks };

  // Verifying parses the whole file: spend it on the suggestions that can be posted inline.
  const ranked = anchored
    .filter((a) => a.prepared.kind === "candidate")
    .sort((a, b) => byImportance(a.placed, b.placed));
  const verified = new Set(ranked.slice(0, options.maxVerifiedSuggestions));

  for (const item of anchored) {
    const { placed, prepared } = item;
    let fix: PlacedFix;
    if (prepared.kind === "candidate") {
      const verdict = verified.has(item)
        ? verifyEdit(
            {
              path: placed.path,
              content: input.headContents.get(placed.path),
              start: placed.startLine,
              end: placed.endLine,
              original: placed.original,
              replacement: prepared.replacement,
            },
            context,
          )
        : { ok: false as const, reason: "only the most important suggestions are checked and offered" };
      fix = verdict.ok
        ? { kind: "suggestion", lines: prepared.replacement }
        : {
            kind: "diff",
            original: placed.original,
            replacement: prepared.replacement,
            reason: verdict.reason,
          };
    } else if (prepared.kind === "diff") {
      fix = {
        kind: "diff",
        original: placed.original,
        replacement: prepared.replacement,
        reason: prepared.reason,
      };
    } else {
      fix = prepared;
    }
    placed.fix = fix;
  }
  return { placed: anchored.map((a) => a.placed), unplaced: rejected };
}
