import { ConfigError } from "../errors.js";
import { silentLog, type Log } from "../observability/log.js";
import { noopModelMetrics, type ModelMetrics } from "./metrics.js";

/** How requests reach the model. */
export type TransportMode = "ws" | "http" | "auto";

export interface ModelClientOptions {
  /** The OpenAI API key. Sent only as `Authorization: Bearer …`; never logged. */
  apiKey: string;
  /** REST base URL. Default `https://api.openai.com/v1`. The socket URL is this with the scheme switched to ws/wss, plus `/responses`. */
  baseUrl?: string;
  /** Model id used when a request names none. Default `gpt-5.3-codex-spark`. */
  model?: string;
  /** Used instead of `model` once the service rejects `model` as unknown or unavailable. Default none. */
  fallbackModel?: string;
  /** Sent as `OpenAI-Organization` when set. */
  organization?: string;
  /** Sent as `OpenAI-Project` when set. */
  project?: string;
  /** `ws` (default): the socket only. `http`: `POST /responses` with SSE only. `auto`: the socket, falling back to HTTP when the upgrade is refused (426) or keeps failing, and back to the socket after `httpFallbackMs`. */
  transport?: TransportMode;
  /** Limit for one model response, queueing for a socket included. Default 120000. */
  requestTimeoutMs?: number;
  /** Most sockets the pool opens. Default 4. */
  maxSockets?: number;
  /** Responses in flight per socket, 1–16 (the service queues beyond 16). Default 16. */
  maxInFlightPerSocket?: number;
  /** Ping period; a socket that answers nothing for two periods is terminated and replaced. Default 5000. */
  heartbeatIntervalMs?: number;
  /** A socket stops taking requests at this age and closes once idle (the service ends sockets at 60 min). Default 55 min. */
  maxConnectionAgeMs?: number;
  /** Limit for one WebSocket upgrade. Default 10000. */
  connectTimeoutMs?: number;
  /** First reconnect delay; doubles per consecutive failure, with jitter. Default 250. */
  reconnectBaseDelayMs?: number;
  /** Largest reconnect delay. Default 10000. */
  reconnectMaxDelayMs?: number;
  /** Consecutive failed upgrades after which waiting requests fail (`ws`) or go over HTTP (`auto`). Default 3. */
  maxConnectAttempts?: number;
  /** In `auto` mode, how long requests stay on HTTP before the socket is tried again. Default 300000. */
  httpFallbackMs?: number;
  /** Reuse HTTP connections for the SSE transport. Default true. */
  httpKeepAlive?: boolean;
  /** A response cut off by `max_output_tokens` is asked once more with the budget times this. Default 2. */
  incompleteRetryFactor?: number;
  /** Upper bound for that larger budget. Default 32000. */
  maxOutputTokensCeiling?: number;
  /** Extra trusted CA certificate(s) in PEM, e.g. for a TLS-intercepting proxy or a test server. */
  ca?: string | Buffer;
  /** Default: silent. */
  log?: Log;
  /** Default: no-op. */
  metrics?: ModelMetrics;
}

export type ResolvedModelOptions = Required<
  Omit<ModelClientOptions, "fallbackModel" | "organization" | "project" | "ca">
> &
  Pick<ModelClientOptions, "fallbackModel" | "organization" | "project" | "ca">;

export const DEFAULT_BASE_URL = "https://api.openai.com/v1";
export const DEFAULT_MODEL = "gpt-5.3-codex-spark";
/** Service limits per socket (see PROTOCOLS.md). */
export const SERVICE_MAX_IN_FLIGHT = 16;
export const SERVICE_MAX_STREAMS = 32;

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new ConfigError(`model client: ${name} must be > 0`);
  return value;
}

export function resolveModelOptions(options: ModelClientOptions): ResolvedModelOptions {
  if (!options.apiKey) throw new ConfigError("model client: apiKey is required");
  const maxInFlight = options.maxInFlightPerSocket ?? SERVICE_MAX_IN_FLIGHT;
  if (!Number.isInteger(maxInFlight) || maxInFlight < 1 || maxInFlight > SERVICE_MAX_IN_FLIGHT) {
    throw new ConfigError(`model client: maxInFlightPerSocket must be 1–${SERVICE_MAX_IN_FLIGHT}`);
  }
  const resolved: ResolvedModelOptions = {
    ...options,
    baseUrl: (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, ""),
    model: options.model ?? DEFAULT_MODEL,
    transport: options.transport ?? "ws",
    requestTimeoutMs: positive("requestTimeoutMs", options.requestTimeoutMs ?? 120_000),
    maxSockets: positive("maxSockets", options.maxSockets ?? 4),
    maxInFlightPerSocket: maxInFlight,
    heartbeatIntervalMs: positive("heartbeatIntervalMs", options.heartbeatIntervalMs ?? 5_000),
    maxConnectionAgeMs: positive("maxConnectionAgeMs", options.maxConnectionAgeMs ?? 55 * 60_000),
    connectTimeoutMs: positive("connectTimeoutMs", options.connectTimeoutMs ?? 10_000),
    reconnectBaseDelayMs: positive("reconnectBaseDelayMs", options.reconnectBaseDelayMs ?? 250),
    reconnectMaxDelayMs: positive("reconnectMaxDelayMs", options.reconnectMaxDelayMs ?? 10_000),
    maxConnectAttempts: positive("maxConnectAttempts", options.maxConnectAttempts ?? 3),
    httpFallbackMs: positive("httpFallbackMs", options.httpFallbackMs ?? 300_000),
    httpKeepAlive: options.httpKeepAlive ?? true,
    incompleteRetryFactor: positive("incompleteRetryFactor", options.incompleteRetryFactor ?? 2),
    maxOutputTokensCeiling: positive("maxOutputTokensCeiling", options.maxOutputTokensCeiling ?? 32_000),
    log: options.log ?? silentLog,
    metrics: options.metrics ?? noopModelMetrics,
  };
  socketUrl(resolved.baseUrl);
  return resolved;
}

/** `https://host/v1` → `wss://host/v1/responses`, as the official SDK derives it. */
export function socketUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(`${baseUrl.replace(/\/+$/, "")}/responses`);
  } catch {
    throw new ConfigError(`model client: baseUrl is not a URL`);
  }
  if (url.protocol === "https:") url.protocol = "wss:";
  else if (url.protocol === "http:") url.protocol = "ws:";
  else throw new ConfigError(`model client: baseUrl must be http(s), got ${url.protocol}`);
  return url.toString();
}

/** Headers for both transports. The key lives only here and in the request. */
export function authHeaders(options: ResolvedModelOptions): Record<string, string> {
  const headers: Record<string, string> = { Authorization: `Bearer ${options.apiKey}` };
  if (options.organization) headers["OpenAI-Organization"] = options.organization;
  if (options.project) headers["OpenAI-Project"] = options.project;
  return headers;
}
