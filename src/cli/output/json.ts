import type { LocalReview } from "../run-local.js";
import { reportEntries, reviewedPaths } from "./entries.js";

/** Bumped on any change that could break a reader of the JSON output (docs/cli.md). */
export const JSON_FORMAT_VERSION = 1;

/** `--format json`: the shape documented in docs/cli.md, version {@link JSON_FORMAT_VERSION}. */
export function renderJson(review: LocalReview): string {
  const { range, plan } = review.setup;
  const document = {
    format: "codex-spark-bot.review",
    version: JSON_FORMAT_VERSION,
    range: {
      base: range.baseSha,
      baseName: range.baseName,
      head: range.head.kind === "commit" ? range.head.sha : null,
      headKind: range.head.kind,
      headName: range.headName,
    },
    model: review.model,
    usage: review.usage,
    durationMs: review.durationMs,
    overall: {
      correctness: review.output.overall_correctness,
      explanation: review.output.overall_explanation,
      confidence: review.output.overall_confidence_score,
    },
    findings: reportEntries(review).map((e) => ({
      path: e.path,
      startLine: e.startLine,
      endLine: e.endLine,
      priority: e.finding.priority,
      confidence: e.finding.confidence_score,
      title: e.finding.title,
      body: e.finding.body,
      placed: e.placed,
      notPlacedReason: e.reason,
      anchor: e.anchor,
      original: e.original,
      suggestion: e.fix,
    })),
    filesReviewed: reviewedPaths(review),
    notReviewed: plan.notReviewed.map((f) => ({ path: f.path, kind: f.kind, reason: f.reason })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
