import { parseWithSchema, type Parsed } from "../pipeline/ask-validated.js";
import { z } from "zod";
import { strictJsonSchema } from "../strict-schema.js";

/**
 * The model's answer to a mention in a review thread. Same conventions as the review schema (and
 * OpenAI's strict mode): every property required, optional values nullable, no extra properties.
 */
export const threadSuggestionSchema = z.strictObject({
  start_line: z.number().int().min(1).describe("First line of the commented range, exactly as given."),
  end_line: z
    .number()
    .int()
    .min(1)
    .describe("Last line of the commented range, inclusive, exactly as given."),
  original_code: z
    .string()
    .describe(
      "The exact text of lines start_line..end_line, joined with newlines, without the number column.",
    ),
  replacement: z
    .string()
    .describe("The complete new text for the whole range start_line..end_line, with its indentation."),
  deletes_lines: z
    .boolean()
    .describe("True only when the replacement intentionally removes lines of the range."),
});

export const threadAnswerSchema = z.strictObject({
  reply: z
    .string()
    .describe("The answer posted in the thread: concise Markdown, no headings, no @-mentions."),
  suggestion: threadSuggestionSchema
    .nullable()
    .describe("A change of exactly the commented lines, or null when there is no small, certain fix."),
});

/** A question in the pull request conversation: one answer, no code change. */
export const askAnswerSchema = z.strictObject({
  answer: z.string().describe("The answer: concise Markdown, no headings, no @-mentions."),
});

export type ThreadSuggestion = z.infer<typeof threadSuggestionSchema>;
export type ThreadAnswer = z.infer<typeof threadAnswerSchema>;
export type AskAnswer = z.infer<typeof askAnswerSchema>;

export const THREAD_ANSWER_SCHEMA_NAME = "thread_reply";
export const ASK_ANSWER_SCHEMA_NAME = "conversation_answer";

/** The JSON schema for `text.format` in strict mode. */
export function threadAnswerJsonSchema(): Record<string, unknown> {
  return strictJsonSchema(threadAnswerSchema);
}

export function askAnswerJsonSchema(): Record<string, unknown> {
  return strictJsonSchema(askAnswerSchema);
}

export type { Parsed } from "../pipeline/ask-validated.js";

/** Validates the model's text against {@link threadAnswerSchema}. */
export function parseThreadAnswer(text: string): Parsed<ThreadAnswer> {
  return parseWithSchema(threadAnswerSchema, text);
}

/** Validates the model's text against {@link askAnswerSchema}. */
export function parseAskAnswer(text: string): Parsed<AskAnswer> {
  return parseWithSchema(askAnswerSchema, text);
}
