import {
  REVIEW_OUTPUT_SCHEMA_NAME,
  reviewOutputJsonSchema,
  reviewOutputSchema,
  type ReviewOutput,
} from "../findings/schema.js";
import { cleanTitles } from "../findings/title.js";
import type { Finding } from "../findings/schema.js";
import { FindingStream } from "../findings/stream.js";
import type { ModelMessage, ModelUsage, ReasoningEffort, ReviewModel } from "../ports.js";
import { askValidated, parseWithSchema, type Parsed } from "./ask-validated.js";

export interface AskOptions {
  instructions: string;
  messages: ModelMessage[];
  effort?: ReasoningEffort;
  maxOutputTokens?: number;
  promptCacheKey?: string;
  signal?: AbortSignal;
  /**
   * Each finding as soon as its object has streamed, for early work on it (a finding of an answer
   * that is then asked again may be handed over twice, or not be in the final answer at all).
   */
  onFinding?: (finding: Finding) => void;
}

export interface AskResult {
  output: ReviewOutput;
  usage: ModelUsage;
  model: string;
  /** How many model calls it took (2 when the first answer had to be repaired). */
  calls: number;
}

/** The model's answer, validated, with each title's priority tag taken off (see `cleanTitle`). */
export function parseReviewOutput(text: string): Parsed<ReviewOutput> {
  const parsed = parseWithSchema(reviewOutputSchema, text);
  return parsed.ok ? { ok: true, value: cleanTitles(parsed.value) } : parsed;
}

/** Asks for a review and validates the answer (with one repair request when it fails the schema). */
export async function askForReview(model: ReviewModel, options: AskOptions): Promise<AskResult> {
  const findings = options.onFinding ? new FindingStream(options.onFinding) : undefined;
  const { value, ...rest } = await askValidated(
    model,
    {
      instructions: options.instructions,
      input: options.messages,
      schema: { name: REVIEW_OUTPUT_SCHEMA_NAME, schema: reviewOutputJsonSchema() },
      effort: options.effort,
      maxOutputTokens: options.maxOutputTokens,
      promptCacheKey: options.promptCacheKey,
    },
    parseReviewOutput,
    options.signal,
    findings && { onText: (delta) => findings.write(delta), onRestart: () => findings.restart() },
  );
  return { output: value, ...rest };
}
