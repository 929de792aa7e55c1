import { byImportance, placedKey } from "../findings/order.js";
import type { PlacedFinding, PlacedFix, UnplacedFinding } from "../findings/types.js";
import type { ReviewComment } from "../ports.js";
import {
  fitFindings,
  renderBodyFinding,
  renderFooter,
  renderNotReviewed,
  renderSummary,
  type BodyFinding,
  type NotReviewedEntry,
  type Overall,
} from "./body.js";
import { toReviewComment } from "./comment.js";
import { resolveRenderOptions, type RenderOptions } from "./options.js";

export interface RenderInput {
  /** A hidden marker per inline finding (the ledger's fingerprint), appended to its comment. */
  markers?: ReadonlyMap<PlacedFinding, string>;
  /** Trusted Markdown shown right after the summary (e.g. what changed since the last review). */
  preface?: string;
  placed: readonly PlacedFinding[];
  unplaced: readonly UnplacedFinding[];
  overall: Overall;
  notReviewed: readonly NotReviewedEntry[];
  options: RenderOptions;
}

export interface RenderedReview {
  body: string;
  comments: ReviewComment[];
  /** The findings posted inline, in the order of `comments`. */
  inline: PlacedFinding[];
}

/** The same finding reported twice is posted once (placement dedupes too; this keeps render safe alone). */
function dedupe(placed: readonly PlacedFinding[]): PlacedFinding[] {
  const seen = new Set<string>();
  return placed.filter((p) => {
    const key = placedKey(p.path, p.startLine, p.endLine, p.finding.title);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * GitHub applies one suggestion per line in a batch: where two suggestions overlap, the more
 * important keeps its block and the other shows its fix as a diff.
 */
function withoutOverlappingSuggestions(inline: readonly PlacedFinding[]): PlacedFix[] {
  const taken = new Map<string, Array<[number, number]>>();
  return inline.map((p) => {
    if (p.fix.kind !== "suggestion") return p.fix;
    const ranges = taken.get(p.path) ?? [];
    if (ranges.some(([s, e]) => p.startLine <= e && s <= p.endLine)) {
      return {
        kind: "diff",
        original: p.original,
        replacement: p.fix.lines,
        reason: "another suggestion covers these lines",
      };
    }
    ranges.push([p.startLine, p.endLine]);
    taken.set(p.path, ranges);
    return p.fix;
  });
}

/** The lower-priority findings in a collapsed `<details>` section, fitted in `room` characters. */
function foldedFindings(rendered: readonly string[], room: number): string {
  if (rendered.length === 0) return "";
  const title = `${rendered.length} lower-priority finding${rendered.length === 1 ? "" : "s"}`;
  const open = `<details>\n<summary>${title}</summary>\n\n`;
  const close = "\n\n</details>";
  const fitted = fitFindings(rendered, room - open.length - close.length);
  return fitted === "" ? "" : `${open}${fitted}${close}`;
}

/**
 * One review: the most important placed findings as inline comments (capped), everything else in a
 * body that also says which files were not reviewed, all of it sanitized and within GitHub's limits.
 */
export function renderReview(input: RenderInput): RenderedReview {
  const options = resolveRenderOptions(input.options);
  const sanitize = { triggerWords: options.triggerWords };
  const sorted = dedupe(input.placed).sort(byImportance);

  const inline: PlacedFinding[] = [];
  const held: BodyFinding[] = [];
  const quiet: BodyFinding[] = [];
  for (const p of sorted) {
    if ((p.finding.priority ?? 4) > options.inlineUpToPriority) {
      quiet.push({ kind: "placed", placed: p, why: "below the priority shown inline" });
    } else if (inline.length >= options.maxInlineComments) {
      held.push({
        kind: "placed",
        placed: p,
        why: `over the limit of ${options.maxInlineComments} inline comments`,
      });
    } else {
      inline.push(p);
    }
  }
  const fixes = withoutOverlappingSuggestions(inline);
  const comments = inline.map((p, i) => {
    const comment = toReviewComment(p, fixes[i] ?? p.fix, options.maxBodyChars, sanitize);
    const marker = input.markers?.get(p);
    return marker ? { ...comment, body: `${comment.body}\n\n${marker}` } : comment;
  });

  const unplaced = [...input.unplaced].sort(
    (a, b) =>
      (a.finding.priority ?? 4) - (b.finding.priority ?? 4) ||
      b.finding.confidence_score - a.finding.confidence_score,
  );
  const bodyFindings: BodyFinding[] = [
    ...unplaced.map((u): BodyFinding => ({ kind: "unplaced", unplaced: u })),
    ...held,
  ];

  const summary = [
    renderSummary(input.overall, comments.length, bodyFindings.length + quiet.length, sanitize),
    input.preface ?? "",
  ]
    .filter((part) => part !== "")
    .join("\n\n");
  const notReviewed = renderNotReviewed(input.notReviewed, sanitize);
  const footer = renderFooter(options.headerLines, options.marker);
  const fixed = [summary, notReviewed, footer].filter((part) => part !== "");
  const room = options.maxBodyChars - fixed.reduce((sum, part) => sum + part.length + 2, 0);
  const render = (entries: readonly BodyFinding[]): string[] =>
    entries.map((entry) => renderBodyFinding(entry, sanitize, options.links));
  // What could not go inline although it matters comes first and stays open; the lower priorities
  // fold away, so the review reads as its P0/P1 findings until someone asks for more.
  const heading = "#### Findings not posted inline";
  const fitted = fitFindings(render(bodyFindings), room - heading.length - 2);
  const findings = fitted === "" ? "" : `${heading}\n\n${fitted}`;
  const left = room - (findings === "" ? 0 : findings.length + 2);
  const folded = foldedFindings(render(quiet), left);
  const body = [summary, findings, folded, notReviewed, footer].filter((part) => part !== "").join("\n\n");
  return { body, comments, inline };
}
