import type { z } from "zod";
import { ModelError } from "../../errors.js";
import type { ModelRequest, ModelResult, ModelStreamOptions, ModelUsage, ReviewModel } from "../ports.js";
import { repairMessage } from "../prompt/repair.js";
import { addUsage } from "../usage.js";

/** The outcome of checking a model's text against a schema. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

/** Parses JSON text with a zod schema; the problem names at most ten failing paths. */
export function parseWithSchema<T>(schema: z.ZodType<T>, text: string): Parsed<T> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `not valid JSON (${(error as Error).message})` };
  }
  const result = schema.safeParse(json);
  if (result.success) return { ok: true, value: result.data };
  const problems = result.error.issues
    .slice(0, 10)
    .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
  return { ok: false, problem: problems.join("; ") };
}

export interface Validated<T> {
  value: T;
  /** Both calls' tokens when the answer had to be repaired. */
  usage: ModelUsage;
  model: string;
  /** 1, or 2 when the first answer had to be repaired. */
  calls: number;
}

/** Where a streamed answer's text goes; each call (the repair too) starts with `onRestart`. */
export type StreamHooks = Pick<ModelStreamOptions, "onText" | "onRestart">;

function call(
  model: ReviewModel,
  request: ModelRequest,
  signal: AbortSignal | undefined,
  stream: StreamHooks | undefined,
): Promise<ModelResult> {
  // A model without the streaming variant answers whole; the caller's early look just sees nothing.
  if (!stream || !model.stream) return model.complete(request, { signal });
  return model.stream(request, { signal, onText: stream.onText, onRestart: stream.onRestart });
}

/**
 * One strict-JSON model call, validated. An answer that fails its schema gets one repair request
 * that shows the model its own output and what was wrong; a second failure is final. With `stream`,
 * the answer's text is handed over as it arrives as well.
 */
export async function askValidated<T>(
  model: ReviewModel,
  request: ModelRequest,
  parse: (text: string) => Parsed<T>,
  signal?: AbortSignal,
  stream?: StreamHooks,
): Promise<Validated<T>> {
  const first = await call(model, request, signal, stream);
  const parsed = parse(first.text);
  if (parsed.ok) return { value: parsed.value, usage: first.usage, model: first.model, calls: 1 };
  const repair: ModelRequest = {
    ...request,
    input: [
      ...request.input,
      { role: "assistant", content: first.text },
      {
        role: "user",
        content: repairMessage(parsed.problem),
      },
    ],
  };
  stream?.onRestart?.();
  const second = await call(model, repair, signal, stream);
  const reparsed = parse(second.text);
  if (reparsed.ok) {
    return {
      value: reparsed.value,
      usage: addUsage(first.usage, second.usage),
      model: second.model,
      calls: 2,
    };
  }
  throw new ModelError(
    "model_output_invalid",
    `The model's ${request.schema.name} answer did not match its schema twice: ${reparsed.problem}`,
  );
}
