import type { FilePatch } from "../diff/types.js";
import { anchorQuote, buildQuoteIndex, type QuoteIndex } from "./anchor.js";
import { resolvePlacementOptions, type PlacementOptions } from "./options.js";
import { splitModelLines, splitQuote } from "./quote.js";
import type { Finding } from "./schema.js";
import { prepareFix } from "./suggestion.js";
import type { PlacedFinding, PlacedFix, PlacementResult, UnplacedFinding } from "./types.js";
import { verifyEdit, type VerifyContext } from "./verify.js";

export interface PlaceInput {
  findings: readonly Finding[];
  /** Parsed diffs by head path. */
  patches: ReadonlyMap<string, FilePatch>;
  /** Full text at the head by path, for files with findings; null or absent when unavailable. */
  headContents: ReadonlyMap<string, string | null>;
  options: PlacementOptions;
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

function modelFix(finding: Finding, quote: string[]): UnplacedFinding["fix"] {
  return finding.suggestion === null
    ? null
    : { original: quote, replacement: splitModelLines(finding.suggestion) };
}

function unplaced(
  finding: Finding,
  quote: string[],
  code: UnplacedFinding["code"],
  reason: string,
): UnplacedFinding {
  return { finding, code, reason, fix: modelFix(finding, quote) };
}

/**
 * Turns the model's findings into comments GitHub will accept: every placed range lies on the RIGHT
 * side within one hunk and holds the quoted code; every suggestion was applied to the head content and
 * shown to change only its range. Whatever cannot be placed is returned with the reason, for the body.
 */
export function placeFindings(input: PlaceInput): PlacementResult {
  const options = resolvePlacementOptions(input.options);
  const indexes = new Map<FilePatch, QuoteIndex>();
  const verifyContext: VerifyContext = {
    maxParseCheckChars: options.maxParseCheckChars,
    parsedBefore: new Map(),
  };
  const placed: PlacedFinding[] = [];
  const rejected: UnplacedFinding[] = [];

  for (const finding of input.findings) {
    const quote = splitQuote(finding.original_code, finding.end_line - finding.start_line + 1);
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
    const anchored = anchorQuote(patch, index, finding.start_line, quote, options.reanchorRadius);
    if (!anchored.ok) {
      rejected.push(unplaced(finding, quote, anchored.code, anchored.reason));
      continue;
    }
    const { anchor } = anchored;
    const replacement = finding.suggestion === null ? [] : splitModelLines(finding.suggestion);
    const prepared = prepareFix({
      finding,
      quote,
      original: anchor.original,
      replacement,
      maxLines: options.maxSuggestionLines,
      triggerWords: options.triggerWords,
    });
    let fix: PlacedFix;
    if (prepared.kind === "candidate") {
      const verdict = verifyEdit(
        {
          path: patch.path,
          content: input.headContents.get(patch.path),
          start: anchor.start,
          end: anchor.end,
          original: anchor.original,
          replacement: prepared.replacement,
        },
        verifyContext,
      );
      fix = verdict.ok
        ? { kind: "suggestion", lines: prepared.replacement }
        : {
            kind: "diff",
            original: anchor.original,
            replacement: prepared.replacement,
            reason: verdict.reason,
          };
    } else if (prepared.kind === "diff") {
      fix = {
        kind: "diff",
        original: anchor.original,
        replacement: prepared.replacement,
        reason: prepared.reason,
      };
    } else {
      fix = prepared;
    }
    placed.push({
      finding,
      path: patch.path,
      startLine: anchor.start,
      endLine: anchor.end,
      anchor: anchor.kind,
      original: anchor.original,
      fix,
    });
  }
  return { placed, unplaced: rejected };
}
