import { looseLine } from "../findings/quote.js";
import type { Finding, ReviewOutput } from "../findings/schema.js";

function key(finding: Finding): string {
  return `${finding.path}\0${finding.start_line}\0${finding.end_line}\0${looseLine(finding.title).toLowerCase()}`;
}

/** A review's summary stays a few sentences however many lanes it had. */
const MAX_EXPLANATIONS = 3;

/**
 * One answer from the answers of a review's lanes: all findings (a finding reported by two lanes
 * once), "incorrect" if any lane says so, the lowest confidence, and the explanations of the lanes
 * that found the patch incorrect (of all lanes when none did), in lane order, at most three.
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
  const telling = incorrect
    ? outputs.filter((output) => output.overall_correctness === "patch is incorrect")
    : outputs;
  const explanations = [
    ...new Set(telling.map((output) => output.overall_explanation.trim()).filter((e) => e !== "")),
  ].slice(0, MAX_EXPLANATIONS);
  return {
    findings,
    overall_correctness: incorrect ? "patch is incorrect" : "patch is correct",
    overall_explanation: explanations.join("\n\n"),
    overall_confidence_score:
      outputs.length === 0 ? 0 : Math.min(...outputs.map((o) => o.overall_confidence_score)),
  };
}
