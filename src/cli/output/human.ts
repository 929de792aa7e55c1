import type { NotReviewedFile } from "../../review/plan/index.js";
import type { LocalReview } from "../run-local.js";
import { inert, type Style } from "./colour.js";
import { priorityCounts, priorityLabel, reportEntries, reviewedPaths, type ReportEntry } from "./entries.js";

function lineSpan(e: ReportEntry): string {
  return e.startLine === e.endLine ? `${e.startLine}` : `${e.startLine}-${e.endLine}`;
}

function paintPriority(style: Style, priority: number | null): string {
  const label = `[${priorityLabel(priority)}]`;
  if (priority === 0) return style.bold(style.red(label));
  if (priority === 1) return style.red(label);
  if (priority === 2) return style.yellow(label);
  return style.cyan(label);
}

/** The fix as a unified diff of the range: the lines it replaces, then what replaces them. */
function fixDiff(style: Style, e: ReportEntry): string[] {
  if (!e.fix) return [];
  const original = e.original;
  const header = [
    style.bold(`--- a/${e.path}`),
    style.bold(`+++ b/${e.path}`),
    style.cyan(`@@ -${e.startLine},${original.length} +${e.startLine},${e.fix.lines.length} @@`),
  ];
  const lines = [
    ...header,
    ...original.map((l) => style.red(`-${inert(l)}`)),
    ...e.fix.lines.map((l) => style.green(`+${inert(l)}`)),
  ];
  const note = e.fix.verified
    ? "suggested change (verified; --apply writes it)"
    : `fix not verified: ${inert(e.fix.reason ?? "")}`;
  return [style.dim(note), ...lines];
}

function renderEntry(style: Style, e: ReportEntry): string[] {
  const where = `${e.path}:${lineSpan(e)}`;
  const head = `${style.bold(inert(where))}  ${paintPriority(style, e.finding.priority)} ${inert(e.finding.title)}`;
  const placedNote = e.placed ? [] : [style.dim(`(not placed on the diff: ${inert(e.reason ?? "")})`)];
  const body = inert(e.finding.body).split("\n");
  return [head, ...placedNote, ...body, ...fixDiff(style, e)].map((line, i) =>
    i === 0 ? line : `    ${line}`,
  );
}

function notReviewedLines(style: Style, files: readonly NotReviewedFile[]): string[] {
  if (files.length === 0) return [];
  return [style.bold("Not reviewed:"), ...files.map((f) => `  ${inert(f.path)} — ${inert(f.reason)}`), ""];
}

function thousands(n: number): string {
  return n.toLocaleString("en-US");
}

/** `3 findings (1 P0, 2 P2) · 4 files reviewed, 1 not · model · tokens · time`. */
export function summaryLine(review: LocalReview, entries: readonly ReportEntry[]): string {
  const counts = priorityCounts(entries);
  const findings =
    entries.length === 0
      ? "no findings"
      : `${entries.length} finding${entries.length === 1 ? "" : "s"} (${counts.map(([p, n]) => `${n} ${p}`).join(", ")})`;
  const { plan } = review.setup;
  const reviewed = reviewedPaths(review).length;
  const files = `${reviewed} file${reviewed === 1 ? "" : "s"} reviewed${plan.notReviewed.length > 0 ? `, ${plan.notReviewed.length} not` : ""}`;
  const u = review.usage;
  const tokens = `${thousands(u.inputTokens)} input (${thousands(u.cachedInputTokens)} cached) + ${thousands(u.outputTokens)} output tokens`;
  const time = `${(review.durationMs / 1000).toFixed(1)} s`;
  return [findings, files, review.model, tokens, time].join(" · ");
}

/** The review for a person at a terminal (or reading a CI log): by file, then the summary. */
export function renderHuman(review: LocalReview, style: Style): string {
  const entries = reportEntries(review);
  const out: string[] = [];
  const { range } = review.setup;
  out.push(
    style.dim(
      `Reviewed ${inert(range.headName)} against ${inert(range.baseName)} (${range.baseSha.slice(0, 7)})`,
    ),
    "",
  );
  let file: string | null = null;
  for (const e of entries) {
    if (e.path !== file) {
      file = e.path;
      out.push(style.bold(style.cyan(inert(e.path))));
    }
    out.push(...renderEntry(style, e).map((l) => `  ${l}`), "");
  }
  out.push(...notReviewedLines(style, review.setup.plan.notReviewed));
  const verdict = review.output.overall_correctness;
  out.push(`${style.bold("Overall:")} ${inert(verdict)} — ${inert(review.output.overall_explanation)}`);
  out.push(summaryLine(review, entries));
  return `${out.join("\n")}\n`;
}
