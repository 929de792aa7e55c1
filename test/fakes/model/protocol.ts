import { z } from "zod";

/*
 * What the real Responses API accepts, as far as this bot's requests go. Unknown top-level fields are
 * rejected the way the service does (`unknown_parameter`), so a typo in the client fails a test.
 */

const message = z.strictObject({
  type: z.literal("message").optional(),
  role: z.enum(["user", "assistant", "system", "developer"]),
  content: z.union([z.string(), z.array(z.looseObject({ type: z.string() }))]),
});

const format = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("text") }),
  z.strictObject({ type: z.literal("json_object") }),
  z.strictObject({
    type: z.literal("json_schema"),
    name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
    schema: z.record(z.string(), z.unknown()),
    strict: z.boolean().optional(),
    description: z.string().optional(),
  }),
]);

const common = {
  model: z.string().min(1),
  instructions: z.string().nullish(),
  input: z.union([z.string(), z.array(message)]),
  store: z.boolean().optional(),
  text: z
    .strictObject({ format: format.optional(), verbosity: z.enum(["low", "medium", "high"]).optional() })
    .optional(),
  max_output_tokens: z.number().int().min(16).optional(),
  reasoning: z
    .strictObject({
      effort: z.enum(["none", "minimal", "low", "medium", "high", "xhigh"]).optional(),
      summary: z.enum(["auto", "concise", "detailed"]).nullish(),
    })
    .optional(),
  prompt_cache_key: z.string().max(1024).optional(),
  metadata: z.record(z.string(), z.string()).optional(),
  temperature: z.number().optional(),
  top_p: z.number().optional(),
  truncation: z.enum(["auto", "disabled"]).optional(),
  user: z.string().optional(),
  safety_identifier: z.string().optional(),
  service_tier: z.string().optional(),
  previous_response_id: z.string().optional(),
  include: z.array(z.string()).optional(),
  parallel_tool_calls: z.boolean().optional(),
  tools: z.array(z.unknown()).optional(),
  tool_choice: z.unknown().optional(),
};

export const wsCreateSchema = z.strictObject({
  type: z.literal("response.create"),
  stream_id: z.string().optional(),
  generate: z.boolean().optional(),
  ...common,
});

export const httpCreateSchema = z.strictObject({
  stream: z.boolean().optional(),
  stream_options: z.looseObject({}).optional(),
  background: z.boolean().optional(),
  ...common,
});

export type CreateBody = z.infer<typeof wsCreateSchema> | z.infer<typeof httpCreateSchema>;

export interface ApiError {
  status: number;
  type: string;
  code: string | null;
  message: string;
  param: string | null;
}

export function invalid(
  message: string,
  param: string | null,
  code: string | null = "invalid_value",
): ApiError {
  return { status: 400, type: "invalid_request_error", code, message, param };
}

/** The first problem zod found, worded like the service. */
export function zodProblem(error: z.ZodError): ApiError {
  const issue = error.issues[0];
  if (!issue) return invalid("Invalid request.", null);
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0] ?? "";
    const at = [...issue.path, key].join(".");
    return invalid(`Unknown parameter: '${at}'.`, at, "unknown_parameter");
  }
  const at = issue.path.join(".");
  return invalid(`Invalid value for '${at}': ${issue.message}`, at || null);
}

/** Strict structured outputs: root object, `additionalProperties: false` and every property required. */
export function strictSchemaProblem(schema: unknown, path = "root"): string | undefined {
  if (typeof schema !== "object" || schema === null) return undefined;
  const node = schema as Record<string, unknown>;
  const types = Array.isArray(node.type) ? node.type : [node.type];
  if (path === "root" && !types.includes("object")) return `${path}: the root must be an object`;
  if (types.includes("object")) {
    if (node.additionalProperties !== false)
      return `${path}: 'additionalProperties' is required to be supplied and to be false`;
    const properties = (node.properties ?? {}) as Record<string, unknown>;
    const required = Array.isArray(node.required) ? (node.required as string[]) : [];
    const missing = Object.keys(properties).filter((key) => !required.includes(key));
    if (missing.length > 0)
      return `${path}: 'required' must list every property; missing ${missing.join(", ")}`;
    for (const [key, value] of Object.entries(properties)) {
      const problem = strictSchemaProblem(value, `${path}.${key}`);
      if (problem) return problem;
    }
  }
  for (const key of ["items", "$defs", "definitions", "anyOf"] as const) {
    const child = node[key];
    const children = Array.isArray(child)
      ? child
      : key === "items"
        ? [child]
        : Object.values((child ?? {}) as object);
    for (const [index, value] of children.entries()) {
      const problem = strictSchemaProblem(value, `${path}.${key}[${index}]`);
      if (problem) return problem;
    }
  }
  return undefined;
}

/** The request-level `error` event (WebSocket), with the variations seen in the wild. */
export function requestErrorEvent(
  error: ApiError,
  options: {
    streamId?: string;
    retryAfter?: string;
    headers?: Record<string, string>;
    headersAt?: "error" | "top";
    statusField?: "status" | "status_code";
  } = {},
): Record<string, unknown> {
  const all = {
    ...(options.headers ?? {}),
    ...(options.retryAfter === undefined ? {} : { "retry-after": options.retryAfter }),
  };
  const headers = Object.keys(all).length === 0 ? undefined : all;
  const event: Record<string, unknown> = { type: "error", [options.statusField ?? "status"]: error.status };
  event.error = {
    type: error.type,
    code: error.code,
    message: error.message,
    param: error.param,
    ...(headers && options.headersAt !== "top" ? { headers } : {}),
  };
  if (headers && options.headersAt === "top") event.headers = headers;
  if (options.streamId !== undefined) event.stream_id = options.streamId;
  return event;
}

export const STATUS_TEXT: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  404: "Not Found",
  426: "Upgrade Required",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

export function errorType(status: number): string {
  if (status === 401) return "invalid_request_error";
  if (status === 429) return "rate_limit_error";
  if (status >= 500) return "server_error";
  return "invalid_request_error";
}
