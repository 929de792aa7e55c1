import type { ModelUsage } from "../review/ports.js";

/** Which wire a response travelled on. */
export type ModelTransportKind = "ws" | "http";

export interface ModelMetricLabels {
  /** The model id that was asked. */
  model: string;
  transport: ModelTransportKind;
}

/** Why the client sent a request again on its own (each is bounded to one or two extra sends). */
export type ModelRetryReason = "max_output_tokens" | "connection_limit" | "fallback_model";

/** Why a socket was opened after the first one. */
export type ModelReconnectReason = "dropped" | "recycled" | "heartbeat";

/**
 * Hooks the client calls as it works; the observability layer implements them with prom-client.
 * Every hook must be cheap and must not throw.
 */
export interface ModelMetrics {
  /** Seconds from sending a request to its first output token (text or refusal delta). */
  timeToFirstToken(seconds: number, labels: ModelMetricLabels): void;
  /** Seconds a `complete()` call took, queueing and retries included; `outcome` is "ok" or an error code. */
  requestDuration(seconds: number, labels: ModelMetricLabels & { outcome: string }): void;
  /** Tokens billed for one response (every attempt is reported, including truncated ones). */
  tokens(usage: ModelUsage, labels: ModelMetricLabels): void;
  /** The client re-sent a request itself. */
  retry(reason: ModelRetryReason, labels: ModelMetricLabels): void;
  /** A socket was opened to replace one that closed or was retired. */
  reconnect(reason: ModelReconnectReason): void;
  /** Sockets currently open (gauge). */
  openSockets(count: number): void;
  /** Responses currently in flight on sockets and HTTP requests (gauge). */
  inFlight(count: number): void;
}

const noop = (): void => {};

/** The default: records nothing. */
export const noopModelMetrics: ModelMetrics = {
  timeToFirstToken: noop,
  requestDuration: noop,
  tokens: noop,
  retry: noop,
  reconnect: noop,
  openSockets: noop,
  inFlight: noop,
};
