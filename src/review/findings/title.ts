import type { Finding, ReviewOutput } from "./schema.js";

/**
 * A priority tag at the start of a title, as models that follow the published review format write
 * it: `[P1] …`, `**[P1]** …`, `(P1) …`, `P1: …`. A bare `P1` counts only before a separator, so a
 * title that starts with a word such as "P1deferred" is left alone.
 */
const LEADING_TAG =
  /^\s*(?:\*\*|__)?(?:\[\s*P([0-3])\s*\]|\(\s*P([0-3])\s*\)|P([0-3])(?=[\s:\-–—]))(?:\*\*|__)?\s*(?:[:\-–—]\s*)?/i;

/**
 * The title shown once, with our own tag: a leading tag is stripped, and taken as the priority
 * when the structured field has none (the field is the model's deliberate answer, so it wins). A
 * title that is only a tag is kept as it is, so a heading is never empty.
 */
export function cleanTitle(finding: Finding): Finding {
  const match = LEADING_TAG.exec(finding.title);
  if (!match) return finding;
  const rest = finding.title.slice(match[0].length).trim();
  if (rest === "") return finding;
  const hinted = Number(match[1] ?? match[2] ?? match[3]);
  return { ...finding, title: rest, priority: finding.priority ?? hinted };
}

/** Every finding of an answer with a clean title. */
export function cleanTitles(output: ReviewOutput): ReviewOutput {
  return { ...output, findings: output.findings.map(cleanTitle) };
}
