import { z } from "zod";
import { strictJsonSchema } from "../strict-schema.js";

/**
 * The model's answer: Codex's published review format, extended with the exact quoted lines and an
 * optional replacement so that a finding can become a GitHub suggested change.
 *
 * Lean by design, because output tokens are what a review waits for: a long range without a
 * suggestion is quoted by its first and last line only (placement pins both to the diff and reads
 * the lines between from it), and the body is a few sentences. Every field is still what placing,
 * verifying or showing a finding needs.
 *
 * The JSON schema sent to the model is derived from this zod schema, so the two cannot drift apart.
 * OpenAI's strict mode wants every property required and no extra properties: optional values are
 * expressed as nullable.
 */
export const findingSchema = z.strictObject({
  title: z.string().min(1).describe("One line, at most 80 characters, imperative; no priority tag."),
  body: z.string().describe("Why it is a problem and what to do: at most three short sentences of Markdown."),
  priority: z
    .number()
    .int()
    .min(0)
    .max(3)
    .nullable()
    .describe("0 = must fix before merge (crash, data loss, security) … 3 = nit."),
  confidence_score: z.number().min(0).max(1),
  path: z.string().min(1).describe("The file's path in the head of the pull request."),
  start_line: z
    .number()
    .int()
    .min(1)
    .describe("First head-file line of the range (the numbers in the diff)."),
  end_line: z.number().int().min(1).describe("Last head-file line of the range, inclusive."),
  original_code: z
    .string()
    .describe(
      "The exact text of head lines start_line..end_line, joined with newlines, without line numbers. " +
        "For a range of more than 3 lines without a suggestion: only its first and last line, both non-blank.",
    ),
  suggestion: z
    .string()
    .nullable()
    .describe(
      "Replacement for the whole range start_line..end_line, or null when there is no small concrete fix.",
    ),
  deletes_lines: z
    .boolean()
    .describe("True only when the suggestion intentionally removes lines of the range."),
});

export const reviewOutputSchema = z.strictObject({
  findings: z.array(findingSchema),
  overall_correctness: z.enum(["patch is correct", "patch is incorrect"]),
  overall_explanation: z.string(),
  overall_confidence_score: z.number().min(0).max(1),
});

export type Finding = z.infer<typeof findingSchema>;
export type ReviewOutput = z.infer<typeof reviewOutputSchema>;

let jsonSchema: Record<string, unknown> | undefined;

/**
 * The JSON schema for `text.format` in strict mode. Derived once per process: every lane of every
 * review sends the same one, and deriving it costs milliseconds.
 */
export function reviewOutputJsonSchema(): Record<string, unknown> {
  jsonSchema ??= strictJsonSchema(reviewOutputSchema);
  return jsonSchema;
}

export const REVIEW_OUTPUT_SCHEMA_NAME = "code_review";
