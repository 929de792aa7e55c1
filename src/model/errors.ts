import { ModelError, type BotErrorCode, type BotErrorOptions } from "../errors.js";
import type { ModelUsage } from "../review/ports.js";
import type { ApiErrorBody, ErrorEvent, ResponseObject } from "./events.js";
import { toUsage } from "./usage.js";

/** `response.incomplete`: the answer stopped early; `reason` says why (`max_output_tokens`, `content_filter`). */
export class ModelIncompleteError extends ModelError {
  constructor(
    readonly reason: string,
    message: string,
    /** Tokens billed for the cut-off answer. */
    readonly usage: ModelUsage,
  ) {
    super("model_incomplete", message, { retryable: false });
  }
}

/** The service does not know the model id or this key may not use it; a fallback model may help. */
export class ModelUnsupportedError extends ModelError {
  constructor(
    readonly model: string | undefined,
    message: string,
  ) {
    super("model_unavailable", message, { retryable: false });
  }
}

/** The socket hit a per-connection limit before starting the response: safe to send again elsewhere. */
export class ConnectionLimitError extends ModelError {
  constructor(message: string) {
    super("model_connection", message, { retryable: true });
  }
}

/** The WebSocket could not be opened; nothing was sent. `status` is the HTTP answer to the upgrade, if any. */
export class ConnectError extends ModelError {
  readonly status: number | undefined;
  constructor(code: BotErrorCode, message: string, options: BotErrorOptions & { status?: number } = {}) {
    super(code, message, options);
    this.status = options.status;
  }
}

export interface ApiFailure {
  status?: number | undefined;
  code?: string | null | undefined;
  type?: string | null | undefined;
  message?: string | null | undefined;
  param?: string | null | undefined;
  retryAfterMs?: number | undefined;
}

const RATE_LIMIT_CODES = new Set(["rate_limit_exceeded", "rate_limit_error", "requests_limit_exceeded"]);
const SERVER_CODES = new Set([
  "server_error",
  "internal_error",
  "service_unavailable",
  "overloaded",
  "server_overloaded",
]);
const MODEL_CODES = new Set(["model_not_found", "unsupported_model", "model_not_supported"]);
const LIMIT_CODES = new Set(["websocket_connection_limit_reached", "websocket_stream_limit_reached"]);

function describe(failure: ApiFailure): string {
  const parts = [failure.status ? `${failure.status}` : undefined, failure.code ?? failure.type ?? undefined];
  const label = parts.filter(Boolean).join(" ");
  return `${label || "error"}: ${failure.message ?? "no message"}`;
}

/** The one mapping from the service's error vocabulary to ours; both transports use it. */
export function classifyApiFailure(failure: ApiFailure, model?: string): ModelError {
  const { status, code } = failure;
  const text = describe(failure);
  // insufficient_quota arrives as a 429 but waiting does not help.
  if (code === "insufficient_quota") return new ModelError("model_quota", `model quota exhausted (${text})`);
  if (code && LIMIT_CODES.has(code)) return new ConnectionLimitError(`socket limit reached (${text})`);
  if ((code && MODEL_CODES.has(code)) || (failure.param === "model" && (status === 404 || status === 400))) {
    return new ModelUnsupportedError(model, `model ${model ?? "(unknown)"} is not available (${text})`);
  }
  if (status === 401 || status === 403 || code === "invalid_api_key") {
    return new ModelError("model_auth", `model service refused the credentials (${text})`);
  }
  if (status === 429 || (code && RATE_LIMIT_CODES.has(code))) {
    return new ModelError("model_rate_limited", `model rate limited (${text})`, {
      retryable: true,
      retryAfterMs: failure.retryAfterMs,
    });
  }
  if ((status !== undefined && status >= 500) || (code && SERVER_CODES.has(code))) {
    return new ModelError("model_failed", `model service error (${text})`, {
      retryable: true,
      retryAfterMs: failure.retryAfterMs,
    });
  }
  if (status === 408)
    return new ModelError("model_timeout", `model service timed out (${text})`, { retryable: true });
  if (status !== undefined && status >= 400)
    return new ModelError("model_bad_request", `model request rejected (${text})`);
  return new ModelError("model_failed", `model response failed (${text})`);
}

function header(headers: Record<string, unknown> | null | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    if (typeof value === "string") return value;
    if (typeof value === "number") return String(value);
    if (Array.isArray(value) && typeof value[0] === "string") return value[0];
  }
  return undefined;
}

/** OpenAI's reset durations: `1s`, `6m0s`, `20ms`, `1h2m3.5s`. */
function durationMs(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const parts = [...raw.trim().matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== raw.trim()) return undefined;
  const unit: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1 };
  return Math.round(parts.reduce((sum, p) => sum + Number(p[1]) * (unit[p[2] as string] ?? 0), 0));
}

/**
 * When the exhausted limit resets, from `x-ratelimit-reset-requests` / `-tokens`: the one whose
 * `x-ratelimit-remaining-*` is 0, or the later of the two when neither says.
 */
function rateLimitResetMs(headers: Record<string, unknown> | null | undefined): number | undefined {
  const limits = (["requests", "tokens"] as const).map((kind) => ({
    reset: durationMs(header(headers, `x-ratelimit-reset-${kind}`)),
    exhausted: header(headers, `x-ratelimit-remaining-${kind}`)?.trim() === "0",
  }));
  const known = limits.filter((l) => l.reset !== undefined);
  const chosen = known.some((l) => l.exhausted) ? known.filter((l) => l.exhausted) : known;
  return chosen.length === 0 ? undefined : Math.max(...chosen.map((l) => l.reset as number));
}

/**
 * `retry-after-ms`, then `retry-after` in seconds or as an HTTP date, then the reset of the
 * exhausted `x-ratelimit-*` limit.
 */
export function retryAfterMs(
  headers: Record<string, unknown> | null | undefined,
  now = Date.now(),
): number | undefined {
  const ms = Number(header(headers, "retry-after-ms"));
  if (header(headers, "retry-after-ms") !== undefined && Number.isFinite(ms) && ms >= 0) return ms;
  const raw = header(headers, "retry-after");
  if (raw === undefined) return rateLimitResetMs(headers);
  const seconds = Number(raw);
  if (raw.trim() !== "" && Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Both `error` event shapes: request-level `{status, error: {…}, headers?}` and streaming `{code, message}`. */
export function classifyErrorEvent(event: ErrorEvent, model?: string): ModelError {
  const nested: ApiErrorBody = event.error ?? {};
  const headers = { ...(event.headers ?? {}), ...(nested.headers ?? {}) };
  return classifyApiFailure(
    {
      status: event.status ?? event.status_code,
      code: nested.code ?? event.code,
      type: nested.type,
      message: nested.message ?? event.message,
      param: nested.param ?? event.param,
      retryAfterMs: retryAfterMs(headers),
    },
    model,
  );
}

/** `response.failed`: the body's `error.code` decides (server_error and rate limits are worth a retry). */
export function classifyFailedResponse(response: ResponseObject, model?: string): ModelError {
  const error = response.error ?? {};
  return classifyApiFailure(
    { code: error.code ?? "failed", message: error.message, type: error.type },
    model,
  );
}

export function incompleteError(response: ResponseObject): ModelIncompleteError {
  const reason = response.incomplete_details?.reason ?? "unknown";
  return new ModelIncompleteError(reason, `model answer incomplete (${reason})`, toUsage(response.usage));
}

/** Close codes after which a fresh socket is worth trying (going away, abnormal, server error, restart). */
const RECOVERABLE_CLOSE = new Set([1001, 1005, 1006, 1011, 1012, 1013]);
/** Close codes that say our frames are wrong: repeating the request would repeat the failure. */
const PROTOCOL_CLOSE = new Set([1002, 1003, 1007, 1008]);

export function isRecoverableClose(code: number): boolean {
  return RECOVERABLE_CLOSE.has(code);
}

/** What an in-flight request gets when its socket goes away. It is never re-sent by the client. */
export function droppedError(code: number, reason: string): ModelError {
  const why = reason ? `${code} ${reason}` : `${code}`;
  return new ModelError("model_connection", `model socket closed (${why}) with the response in flight`, {
    retryable: !PROTOCOL_CLOSE.has(code),
  });
}
