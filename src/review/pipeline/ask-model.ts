import { ModelError } from "../../errors.js";
import {
  REVIEW_OUTPUT_SCHEMA_NAME,
  reviewOutputJsonSchema,
  reviewOutputSchema,
  type ReviewOutput,
} from "../findings/schema.js";
import type {
  ModelMessage,
  ModelRequest,
  ModelResult,
  ModelUsage,
  ReasoningEffort,
  ReviewModel,
} from "../ports.js";

export interface AskOptions {
  instructions: string;
  messages: ModelMessage[];
  effort?: ReasoningEffort;
  maxOutputTokens?: number;
  promptCacheKey?: string;
  signal?: AbortSignal;
}

export interface AskResult {
  output: ReviewOutput;
  usage: ModelUsage;
  model: string;
  /** How many model calls it took (2 when the first answer had to be repaired). */
  calls: number;
}

type Parsed = { ok: true; output: ReviewOutput } | { ok: false; problem: string };

export function parseReviewOutput(text: string): Parsed {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `not valid JSON (${(error as Error).message})` };
  }
  const result = reviewOutputSchema.safeParse(json);
  if (result.success) return { ok: true, output: result.data };
  const problems = result.error.issues
    .slice(0, 10)
    .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
  return { ok: false, problem: problems.join("; ") };
}

function addUsage(a: ModelUsage, b: ModelUsage): ModelUsage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    cachedInputTokens: a.cachedInputTokens + b.cachedInputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    reasoningTokens: a.reasoningTokens + b.reasoningTokens,
  };
}

/**
 * Asks for a review and validates the answer. An answer that fails the schema gets one repair
 * request that shows the model its own output and what was wrong; a second failure is final.
 */
export async function askForReview(model: ReviewModel, options: AskOptions): Promise<AskResult> {
  const request: ModelRequest = {
    instructions: options.instructions,
    input: options.messages,
    schema: { name: REVIEW_OUTPUT_SCHEMA_NAME, schema: reviewOutputJsonSchema() },
    effort: options.effort,
    maxOutputTokens: options.maxOutputTokens,
    promptCacheKey: options.promptCacheKey,
  };
  const first: ModelResult = await model.complete(request, { signal: options.signal });
  const parsed = parseReviewOutput(first.text);
  if (parsed.ok) return { output: parsed.output, usage: first.usage, model: first.model, calls: 1 };

  const repair: ModelRequest = {
    ...request,
    input: [
      ...options.messages,
      { role: "assistant", content: first.text },
      {
        role: "user",
        content: `Your previous answer does not match the required JSON schema: ${parsed.problem}. Answer again with the corrected JSON object only.`,
      },
    ],
  };
  const second = await model.complete(repair, { signal: options.signal });
  const reparsed = parseReviewOutput(second.text);
  if (reparsed.ok) {
    return {
      output: reparsed.output,
      usage: addUsage(first.usage, second.usage),
      model: second.model,
      calls: 2,
    };
  }
  throw new ModelError(
    "model_output_invalid",
    `The model's answer did not match the review schema twice: ${reparsed.problem}`,
  );
}
