import { looseLine } from "../findings/quote.js";
import type { Finding, ReviewOutput } from "../findings/schema.js";

function key(finding: Finding): string {
  return `${finding.path}\0${finding.start_line}\0${finding.end_line}\0${looseLine(finding.title).toLowerCase()}`;
}

/**
 * One answer from the answers of a review's chunks: all findings (a finding reported by two chunks
 * once), "incorrect" if any chunk says so, the explanations in chunk order, the lowest confidence.
 */
export function mergeReviewOutputs(outputs: readonly ReviewOutput[]): ReviewOutput {
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const output of outputs) {
    for (const finding of output.findings) {
      const k = key(finding);
      if (seen.has(k)) continue;
      seen.add(k);
      findings.push(finding);
    }
  }
  const incorrect = outputs.some((output) => output.overall_correctness === "patch is incorrect");
  const explanations = [
    ...new Set(outputs.map((output) => output.overall_explanation.trim()).filter((e) => e !== "")),
  ];
  return {
    findings,
    overall_correctness: incorrect ? "patch is incorrect" : "patch is correct",
    overall_explanation: explanations.join("\n\n"),
    overall_confidence_score:
      outputs.length === 0 ? 0 : Math.min(...outputs.map((o) => o.overall_confidence_score)),
  };
}
