import { z } from "zod";

/*
 * Server events of the Responses API (WebSocket frames and SSE `data:` lines carry the same JSON).
 * Schemas are loose: the service adds fields freely, and we only rely on the ones named here.
 */

const usage = z.looseObject({
  input_tokens: z.number(),
  input_tokens_details: z.looseObject({ cached_tokens: z.number().optional() }).nullish(),
  output_tokens: z.number(),
  output_tokens_details: z.looseObject({ reasoning_tokens: z.number().optional() }).nullish(),
});

const contentPart = z.looseObject({
  type: z.string(),
  text: z.string().optional(),
  refusal: z.string().optional(),
});

const outputItem = z.looseObject({
  type: z.string(),
  id: z.string().optional(),
  content: z.array(contentPart).nullish(),
});

const apiError = z.looseObject({
  type: z.string().nullish(),
  code: z.string().nullish(),
  message: z.string().nullish(),
  param: z.string().nullish(),
  headers: z.record(z.string(), z.unknown()).nullish(),
});

const responseObject = z.looseObject({
  id: z.string(),
  status: z.string().optional(),
  model: z.string().optional(),
  // Over WebSocket, `response.completed` may come without `output` at all.
  output: z.array(outputItem).nullish(),
  usage: usage.nullish(),
  error: apiError.nullish(),
  incomplete_details: z.looseObject({ reason: z.string().nullish() }).nullish(),
});

const envelope = {
  stream_id: z.string().optional(),
  sequence_number: z.number().optional(),
};

const lifecycle = <T extends string>(type: T) =>
  z.looseObject({ type: z.literal(type), response: responseObject, ...envelope });

const serverEvent = z.discriminatedUnion("type", [
  lifecycle("response.created"),
  lifecycle("response.in_progress"),
  lifecycle("response.queued"),
  lifecycle("response.completed"),
  lifecycle("response.failed"),
  lifecycle("response.incomplete"),
  z.looseObject({
    type: z.enum(["response.output_item.added", "response.output_item.done"]),
    output_index: z.number(),
    item: outputItem,
    ...envelope,
  }),
  z.looseObject({
    type: z.enum(["response.content_part.added", "response.content_part.done"]),
    output_index: z.number(),
    content_index: z.number(),
    part: contentPart,
    ...envelope,
  }),
  z.looseObject({
    type: z.enum(["response.output_text.delta", "response.refusal.delta"]),
    output_index: z.number(),
    content_index: z.number(),
    delta: z.string(),
    ...envelope,
  }),
  z.looseObject({
    type: z.literal("response.output_text.done"),
    output_index: z.number(),
    content_index: z.number(),
    text: z.string(),
    ...envelope,
  }),
  z.looseObject({
    type: z.literal("response.refusal.done"),
    output_index: z.number(),
    content_index: z.number(),
    refusal: z.string(),
    ...envelope,
  }),
  // Two shapes share this type: request-level (`status` + nested `error`) and streaming (flat `code`).
  z.looseObject({
    type: z.literal("error"),
    status: z.number().optional(),
    status_code: z.number().optional(),
    code: z.string().nullish(),
    message: z.string().nullish(),
    param: z.string().nullish(),
    error: apiError.nullish(),
    headers: z.record(z.string(), z.unknown()).nullish(),
    ...envelope,
  }),
]);

export type ServerEvent = z.infer<typeof serverEvent>;
export type ErrorEvent = Extract<ServerEvent, { type: "error" }>;
export type ResponseObject = z.infer<typeof responseObject>;
export type OutputItem = z.infer<typeof outputItem>;
export type ContentPart = z.infer<typeof contentPart>;
export type ApiErrorBody = z.infer<typeof apiError>;
export type WireUsage = z.infer<typeof usage>;

const KNOWN_TYPES = new Set<string>(
  serverEvent.options.flatMap((option) => {
    const type = option.shape.type;
    return "options" in type ? [...type.options] : [type.value];
  }),
);

export type ParsedFrame =
  | { kind: "event"; event: ServerEvent }
  | { kind: "ignored"; type: string; streamId: string | undefined }
  | { kind: "malformed"; problem: string; streamId: string | undefined };

const head = z.looseObject({ type: z.string(), stream_id: z.string().optional() });

type TextDelta = Extract<ServerEvent, { type: "response.output_text.delta" }>;

/** Deltas are most of the frames of a response: check their few fields by hand instead of through zod. */
function fastDelta(json: unknown): TextDelta | undefined {
  if (typeof json !== "object" || json === null) return undefined;
  const frame = json as Record<string, unknown>;
  if (frame.type !== "response.output_text.delta") return undefined;
  const ok =
    typeof frame.delta === "string" &&
    typeof frame.output_index === "number" &&
    typeof frame.content_index === "number" &&
    (frame.stream_id === undefined || typeof frame.stream_id === "string") &&
    (frame.sequence_number === undefined || typeof frame.sequence_number === "number");
  return ok ? (frame as TextDelta) : undefined;
}

/** Parses one frame. Unknown event types (reasoning summaries, tool calls…) are ignored, not errors. */
export function parseServerFrame(json: unknown): ParsedFrame {
  const delta = fastDelta(json);
  if (delta) return { kind: "event", event: delta };
  const top = head.safeParse(json);
  if (!top.success) return { kind: "malformed", problem: "frame without a type", streamId: undefined };
  if (!KNOWN_TYPES.has(top.data.type)) {
    return { kind: "ignored", type: top.data.type, streamId: top.data.stream_id };
  }
  const parsed = serverEvent.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? `${issue.path.join(".")}: ${issue.message}` : "invalid";
    return { kind: "malformed", problem: `${top.data.type} ${where}`, streamId: top.data.stream_id };
  }
  return { kind: "event", event: parsed.data };
}

const TERMINAL = new Set(["response.completed", "response.failed", "response.incomplete", "error"]);

/** After one of these, the service sends nothing more for that response. */
export function isTerminal(type: string): boolean {
  return TERMINAL.has(type);
}
