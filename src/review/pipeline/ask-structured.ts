import type { z } from "zod";
import { toJSONSchema } from "zod";
import { ModelError } from "../../errors.js";
import type { ModelMessage, ModelUsage, ReasoningEffort, ReviewModel } from "../ports.js";

export interface StructuredAsk<T extends z.ZodType> {
  schema: T;
  name: string;
  instructions: string;
  messages: ModelMessage[];
  effort?: ReasoningEffort;
  maxOutputTokens?: number;
  promptCacheKey?: string;
  signal?: AbortSignal;
}

/** One strict-JSON model call validated with zod; a small answer that fails the schema is final. */
export async function askStructured<T extends z.ZodType>(
  model: ReviewModel,
  ask: StructuredAsk<T>,
): Promise<{ value: z.infer<T>; usage: ModelUsage; model: string }> {
  const { $schema: _ignored, ...jsonSchema } = toJSONSchema(ask.schema, {
    target: "draft-7",
    io: "output",
  }) as Record<string, unknown>;
  const result = await model.complete(
    {
      instructions: ask.instructions,
      input: ask.messages,
      schema: { name: ask.name, schema: jsonSchema },
      effort: ask.effort,
      maxOutputTokens: ask.maxOutputTokens,
      promptCacheKey: ask.promptCacheKey,
    },
    { signal: ask.signal },
  );
  let json: unknown;
  try {
    json = JSON.parse(result.text);
  } catch {
    throw new ModelError("model_output_invalid", `the ${ask.name} answer is not JSON`);
  }
  const parsed = ask.schema.safeParse(json);
  if (!parsed.success)
    throw new ModelError("model_output_invalid", `the ${ask.name} answer does not match its schema`);
  return { value: parsed.data, usage: result.usage, model: result.model };
}
