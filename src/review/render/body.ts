import type { PlacedFinding, UnplacedFinding } from "../findings/types.js";
import type { ReviewOutput } from "../findings/schema.js";
import { findingHeading } from "./comment.js";
import { diffBlock } from "./fix-block.js";
import { truncateMarkdown } from "./markdown.js";
import { safeCodeSpan, sanitizeMarkdown, type SanitizeOptions } from "./sanitize.js";

export type Overall = Pick<
  ReviewOutput,
  "overall_correctness" | "overall_explanation" | "overall_confidence_score"
>;

/** A file the review did not look at, and why (as the planner names it). */
export interface NotReviewedEntry {
  path: string;
  reason: string;
}

/** A finding listed in the body: placed but held back from inline, or not placeable. */
export type BodyFinding =
  { kind: "placed"; placed: PlacedFinding; why: string } | { kind: "unplaced"; unplaced: UnplacedFinding };

const SUMMARY_MAX = 8_000;
const NOT_REVIEWED_MAX = 12_000;

function lines(start: number, end: number): string {
  return start === end ? `line ${start}` : `lines ${start}–${end}`;
}

export function renderSummary(
  overall: Overall,
  inline: number,
  inBody: number,
  options: SanitizeOptions,
): string {
  const verdict =
    overall.overall_correctness === "patch is correct" ? "Patch is correct" : "Patch is incorrect";
  const confidence = overall.overall_confidence_score.toFixed(2);
  const explanation = sanitizeMarkdown(overall.overall_explanation, options).trim();
  const counts =
    inline + inBody === 0 ? "No findings." : `Findings: ${inline} inline, ${inBody} listed below.`;
  const text = [`### Code review`, "", `**${verdict}** (confidence ${confidence}). ${counts}`];
  if (explanation !== "") text.push("", explanation);
  return truncateMarkdown(text.join("\n"), SUMMARY_MAX);
}

/** Where findings in the body link to: the PR's web address and the head reviewed. */
export interface BodyLinks {
  pullUrl: string;
  headSha: string;
}

/**
 * A link to the lines at the head (`…/blob/<sha>/<path>#L3-L5`). Built from GitHub's own PR URL and
 * a path whose every segment is percent-encoded, so model text cannot shape it.
 */
export function lineLink(links: BodyLinks, path: string, start: number, end: number): string {
  const repoUrl = links.pullUrl.replace(/\/pull\/\d+\/?$/, "");
  const encoded = path.split("/").map(encodeURIComponent).join("/");
  const anchor = start === end ? `L${start}` : `L${start}-L${end}`;
  return `${repoUrl}/blob/${links.headSha}/${encoded}#${anchor}`;
}

function placeOf(entry: BodyFinding, options: SanitizeOptions, links: BodyLinks | null): string {
  if (entry.kind === "unplaced") {
    const { finding } = entry.unplaced;
    return `${safeCodeSpan(finding.path, options)} cited ${lines(finding.start_line, finding.end_line)}`;
  }
  const { path, startLine, endLine } = entry.placed;
  const text = `${safeCodeSpan(path, options)} ${lines(startLine, endLine)}`;
  return links ? `[${text}](${lineLink(links, path, startLine, endLine)})` : text;
}

export function renderBodyFinding(
  entry: BodyFinding,
  options: SanitizeOptions,
  links: BodyLinks | null = null,
): string {
  const finding = entry.kind === "placed" ? entry.placed.finding : entry.unplaced.finding;
  const where = placeOf(entry, options, links);
  const why = entry.kind === "placed" ? entry.why : `not placed inline: ${entry.unplaced.reason}`;
  const parts = [`${findingHeading(finding, options)}\n${where} · _${why}_`];
  const text = sanitizeMarkdown(finding.body, options).trim();
  if (text !== "") parts.push(text);
  const fix = bodyFix(entry);
  if (fix) parts.push(diffBlock(fix.original, fix.replacement, options));
  return parts.join("\n\n");
}

function bodyFix(entry: BodyFinding): { original: readonly string[]; replacement: readonly string[] } | null {
  if (entry.kind === "unplaced") return entry.unplaced.fix;
  const { fix, original } = entry.placed;
  if (fix.kind === "suggestion") return { original, replacement: fix.lines };
  if (fix.kind === "diff") return { original: fix.original, replacement: fix.replacement };
  return null;
}

/** Names every file not reviewed; a long list folds away but is still complete up to the size cap. */
export function renderNotReviewed(entries: readonly NotReviewedEntry[], options: SanitizeOptions): string {
  if (entries.length === 0) return "";
  const items: string[] = [];
  let size = 0;
  for (const [i, entry] of entries.entries()) {
    const item = `- ${safeCodeSpan(entry.path, options)}: ${sanitizeMarkdown(entry.reason, options).replace(/\n/g, " ")}`;
    if (size + item.length > NOT_REVIEWED_MAX) {
      items.push(`- … and ${entries.length - i} more files (list cut to fit GitHub's size limit)`);
      break;
    }
    items.push(item);
    size += item.length + 1;
  }
  const title = `${entries.length} file${entries.length === 1 ? "" : "s"} not reviewed`;
  if (entries.length <= 10) return `**${title}:**\n\n${items.join("\n")}`;
  return `<details>\n<summary>${title}</summary>\n\n${items.join("\n")}\n\n</details>`;
}

export function renderFooter(headerLines: readonly string[], marker: string): string {
  const info = headerLines.length === 0 ? "" : `<sub>${headerLines.join(" · ")}</sub>\n`;
  return `${info}${marker}`;
}

/**
 * Fits the body's findings in what is left after the fixed parts: whole entries while they fit, then
 * one cut entry if enough room remains, then a count of what was left out.
 */
export function fitFindings(rendered: readonly string[], room: number): string {
  const out: string[] = [];
  let used = 0;
  for (const [i, entry] of rendered.entries()) {
    const left = rendered.length - i;
    const note = `_… ${left} more finding${left === 1 ? "" : "s"} not shown: GitHub's size limit._`;
    const cost = entry.length + 2;
    if (used + cost + note.length + 2 <= room) {
      out.push(entry);
      used += cost;
      continue;
    }
    const space = room - used - note.length - 4;
    if (space > 1_000) out.push(truncateMarkdown(entry, space));
    const rest = space > 1_000 ? left - 1 : left;
    if (rest > 0)
      out.push(`_… ${rest} more finding${rest === 1 ? "" : "s"} not shown: GitHub's size limit._`);
    break;
  }
  return out.join("\n\n");
}
