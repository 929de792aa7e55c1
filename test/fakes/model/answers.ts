import type { Finding, ReviewOutput } from "../../../src/review/findings/schema.js";
import { INVOICE_HEAD, headLine } from "../../fixtures/prs/invoice-pr.js";
import type { ReceivedRequest } from "./scenario.js";

/**
 * What the fake model answers a review request with, built in one place: the answer's JSON shape
 * (the `code_review` schema) lives here, so a test says only which findings it wants.
 */

/** A finding as the model writes it; fields not given take plain defaults. */
export function finding(
  fields: Partial<Finding> & Pick<Finding, "path" | "start_line" | "original_code">,
): Finding {
  // In the schema's order of fields, as the model writes them.
  const defaults: Finding = {
    title: "A finding",
    body: "Why it matters.",
    priority: 2,
    confidence_score: 0.9,
    path: fields.path,
    start_line: fields.start_line,
    end_line: fields.start_line,
    original_code: fields.original_code,
    suggestion: null,
    deletes_lines: false,
  };
  return { ...defaults, ...fields };
}

/**
 * A whole review answer, as the JSON text the fake streams. Without `overall`, the patch is
 * "incorrect" when a finding is P0 or P1.
 */
export function reviewAnswer(findings: Finding[], overall: Partial<ReviewOutput> = {}): string {
  const output: ReviewOutput = {
    findings,
    overall_correctness: findings.some((f) => (f.priority ?? 3) <= 1)
      ? "patch is incorrect"
      : "patch is correct",
    overall_explanation: "Checked the change.",
    overall_confidence_score: 0.8,
    ...overall,
  };
  return JSON.stringify(output);
}

// The invoice PR (`test/fixtures/prs/invoice-pr.ts`) and the findings most tests have the model raise.

export const INVOICE_FILE = "src/billing/invoice.ts";
/** The off-by-one: `slice` excludes its end, so a page has one item too many. */
export const SLICE_CODE = "  return items.slice(start, start + size + 1);";
export const SLICE_FIX = "  return items.slice(start, start + size);";
/** The range check that NaN slips through. */
export const GUARD_CODE = "  if (percent < 0 || percent > 100) {";
export const SLICE_LINE = headLine(INVOICE_HEAD, SLICE_CODE.trim());
export const GUARD_LINE = headLine(INVOICE_HEAD, GUARD_CODE.trim());

/**
 * A one-line finding on the invoice file, on the line of `code` in `content` (the PR's head by
 * default); its body is its title with a full stop.
 */
export function invoiceFinding(
  priority: number | null,
  title: string,
  code: string,
  extra: Partial<Finding> & { content?: string } = {},
): Finding {
  const { content = INVOICE_HEAD, ...fields } = extra;
  const line = headLine(content, code);
  return finding({
    title,
    body: `${title}.`,
    priority,
    path: INVOICE_FILE,
    start_line: line,
    original_code: code,
    ...fields,
  });
}

/** A model answer with one finding of each of P1, P2 and P3 on the invoice PR. */
export function invoiceAnswer(): string {
  return reviewAnswer(
    [
      invoiceFinding(1, "pageOfItems returns one item too many", SLICE_CODE, { suggestion: SLICE_FIX }),
      invoiceFinding(2, "NaN passes the discount range check", GUARD_CODE),
      invoiceFinding(3, "Name the magic number 100", GUARD_CODE),
    ],
    { overall_explanation: "One off-by-one.", overall_confidence_score: 0.9 },
  );
}

/** The off-by-one alone, with its fix as a suggestion. */
export function offByOneAnswer(): string {
  return reviewAnswer(
    [
      invoiceFinding(1, "pageOfItems returns one item too many", SLICE_CODE, {
        body: "`slice` excludes its end index.",
        suggestion: SLICE_FIX,
      }),
    ],
    { overall_explanation: "Off by one.", overall_confidence_score: 0.9 },
  );
}

/**
 * The line number the diff in a request shows for `code` (a `+` or context line), or null when
 * the request does not show it: a model answers only about what it was shown.
 */
export function shownLine(request: { body: Record<string, unknown> }, code: string): number | null {
  const input = JSON.stringify(request.body["input"]).replace(/\\n/g, "\n").replace(/\\"/g, '"');
  const escaped = code.trim().replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const match = new RegExp(`(\\d+) *\\+? *${escaped}`).exec(input);
  return match ? Number(match[1]) : null;
}

/**
 * The diff block of a lane's prompt: every lane's prompt lists all changed files, only this block
 * says which ones the lane reviews.
 */
export function laneDiff(request: ReceivedRequest): string {
  const text = JSON.stringify(request.body.input ?? "");
  return text.slice(text.lastIndexOf("Diffs to review:"));
}
