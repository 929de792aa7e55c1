import type { IncomingMessage, ServerResponse } from "node:http";
import {
  errorType,
  httpCreateSchema,
  invalid,
  strictSchemaProblem,
  zodProblem,
  type ApiError,
} from "./protocol.js";
import { respond, type Channel } from "./responder.js";
import type { SessionHooks } from "./ws-session.js";

export interface HttpHooks extends Omit<SessionHooks, "onInFlight"> {
  authorize(header: string | undefined): "ok" | "missing" | "wrong";
}

function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function apiError(res: ServerResponse, error: ApiError, headers: Record<string, string> = {}): void {
  json(
    res,
    error.status,
    { error: { message: error.message, type: error.type, param: error.param, code: error.code } },
    headers,
  );
}

export function unauthorized(auth: "missing" | "wrong"): ApiError {
  return {
    status: 401,
    type: "invalid_request_error",
    code: auth === "missing" ? null : "invalid_api_key",
    message: auth === "missing" ? "You didn't provide an API key." : "Incorrect API key provided: sk-****.",
    param: null,
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function plainHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.headers)) {
    if (key !== "authorization" && typeof value === "string") headers[key] = value;
  }
  return headers;
}

/** `POST /v1/responses` (streaming only: the fallback always streams) and `GET /v1/models/{id}`. */
export async function handleHttp(req: IncomingMessage, res: ServerResponse, hooks: HttpHooks): Promise<void> {
  const path = new URL(req.url ?? "/", "http://fake").pathname;
  const auth = hooks.authorize(req.headers.authorization);
  const model = /^\/v1\/models\/([^/]+)$/.exec(path)?.[1];
  if (auth !== "ok" && !(req.method === "POST" && path === "/v1/responses"))
    return apiError(res, unauthorized(auth));
  if (req.method === "GET" && model !== undefined) {
    const id = decodeURIComponent(model);
    if (hooks.models().includes(id))
      return json(res, 200, { id, object: "model", created: 1_700_000_000, owned_by: "openai" });
    return apiError(res, {
      status: 404,
      type: "invalid_request_error",
      code: "model_not_found",
      message: `The model '${id}' does not exist or you do not have access to it.`,
      param: "model",
    });
  }
  if (req.method !== "POST" || path !== "/v1/responses")
    return apiError(res, { ...invalid(`No route ${req.method} ${path}`, null, null), status: 404 });

  const raw = await readBody(req);
  const receivedAt = performance.now();
  let frame: Record<string, unknown>;
  try {
    frame = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    return apiError(res, invalid("We could not parse the JSON body of your request.", null, null));
  }
  const request = hooks.receive({
    transport: "http",
    connection: 0,
    auth,
    body: frame,
    headers: plainHeaders(req),
  });
  const refuse = (error: ApiError): void => {
    request.rejected = error.code ?? error.type;
    apiError(res, error);
  };
  if (auth !== "ok") return refuse(unauthorized(auth));
  const parsed = httpCreateSchema.safeParse(frame);
  if (!parsed.success) return refuse(zodProblem(parsed.error));
  const body = parsed.data;
  if (body.stream !== true) return refuse(invalid("This fake answers streaming requests only.", "stream"));
  if (body.background) return refuse(invalid("'background' is not supported here.", "background"));
  const format = body.text?.format;
  const schemaProblem =
    format?.type === "json_schema" && format.strict ? strictSchemaProblem(format.schema) : undefined;
  if (schemaProblem)
    return refuse(invalid(`Invalid schema: ${schemaProblem}.`, "text.format.schema", "invalid_json_schema"));
  if (!hooks.models().includes(body.model)) {
    return refuse({
      status: 404,
      type: "invalid_request_error",
      code: "model_not_found",
      message: `The model '${body.model}' does not exist or you do not have access to it.`,
      param: "model",
    });
  }

  const scenario = hooks.scenarioFor(request);
  if (scenario.kind === "error" && scenario.shape === "request") {
    const error: ApiError = {
      status: scenario.status,
      type: scenario.type ?? errorType(scenario.status),
      code: scenario.code,
      message: scenario.message ?? `scripted ${scenario.status}`,
      param: scenario.param ?? null,
    };
    return apiError(res, error, {
      ...(scenario.headers ?? {}),
      ...(scenario.retryAfter === undefined ? {} : { "retry-after": scenario.retryAfter }),
    });
  }
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  const closed = new Promise<void>((resolve) => res.once("close", () => resolve()));
  const channel: Channel = {
    send: (event) => {
      if (res.destroyed || res.writableEnded) return false;
      if (res.writableCorked === 0) {
        res.cork();
        process.nextTick(() => res.uncork());
      }
      res.write(`event: ${String(event.type)}\ndata: ${JSON.stringify(event)}\n\n`);
      return true;
    },
    isOpen: () => !res.destroyed && !res.writableEnded,
    closed,
    drop: () => req.socket.destroy(),
  };
  await respond(body, scenario, channel, { behaviour: hooks.behaviour(), cache: hooks.cache });
  request.serverMs = performance.now() - receivedAt;
  if (!res.writableEnded && !res.destroyed) res.end();
}
