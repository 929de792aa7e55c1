import type { ModelRequest } from "../review/ports.js";

/**
 * The body of `POST /responses`, which `response.create` carries too (plus `type` and `stream_id`).
 * Never `stream`, `background` or `stream_options` on the socket: the service rejects them there.
 */
export interface ResponseBody {
  model: string;
  instructions?: string;
  input: { role: string; content: string }[];
  store: false;
  text?: { format: { type: "json_schema"; name: string; strict: true; schema: Record<string, unknown> } };
  max_output_tokens?: number;
  reasoning?: { effort: string };
  prompt_cache_key?: string;
  /** Socket-only warm-up: prepares the request without generating (used by the probe). */
  generate?: false;
}

export function buildResponseBody(request: ModelRequest, model: string): ResponseBody {
  const body: ResponseBody = {
    model,
    instructions: request.instructions,
    input: request.input.map((message) => ({ role: message.role, content: message.content })),
    store: false,
    text: {
      format: { type: "json_schema", name: request.schema.name, strict: true, schema: request.schema.schema },
    },
  };
  if (request.maxOutputTokens !== undefined) body.max_output_tokens = request.maxOutputTokens;
  if (request.effort !== undefined) body.reasoning = { effort: request.effort };
  if (request.promptCacheKey !== undefined) body.prompt_cache_key = request.promptCacheKey;
  return body;
}

/** The smallest request that makes the service check the key and the model id. */
export function warmUpBody(model: string): ResponseBody {
  return { model, input: [{ role: "user", content: "warm-up" }], store: false, generate: false };
}

export function wsFrame(body: ResponseBody, streamId: string | undefined): string {
  return JSON.stringify(
    streamId === undefined
      ? { type: "response.create", ...body }
      : { type: "response.create", ...body, stream_id: streamId },
  );
}

/** `generate` exists only on the socket; HTTP streams instead. */
export function httpBody(body: ResponseBody): string {
  const { generate: _generate, ...rest } = body;
  return JSON.stringify({ ...rest, stream: true });
}
