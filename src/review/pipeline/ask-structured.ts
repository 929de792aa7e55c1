import type { z } from "zod";
import type { ModelMessage, ReasoningEffort, ReviewModel } from "../ports.js";
import { strictJsonSchema } from "../strict-schema.js";
import { askValidated, parseWithSchema, type Validated } from "./ask-validated.js";

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

/** A strict-JSON model call whose JSON schema is derived from a zod schema, validated with it. */
export async function askStructured<T extends z.ZodType>(
  model: ReviewModel,
  ask: StructuredAsk<T>,
): Promise<Validated<z.infer<T>>> {
  const jsonSchema = strictJsonSchema(ask.schema);
  return askValidated(
    model,
    {
      instructions: ask.instructions,
      input: ask.messages,
      schema: { name: ask.name, schema: jsonSchema },
      effort: ask.effort,
      maxOutputTokens: ask.maxOutputTokens,
      promptCacheKey: ask.promptCacheKey,
    },
    (text) => parseWithSchema(ask.schema as z.ZodType<z.infer<T>>, text),
    ask.signal,
  );
}
