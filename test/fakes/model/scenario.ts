/** How the fake answers one request. A plain string is shorthand for `{kind: "text", text}`. */
export type Scenario =
  | {
      kind: "text";
      text: string;
      /** Overrides the effort-based default. */
      reasoningTokens?: number;
      variant?: EventVariant;
      ttftMs?: number;
      tokensPerSecond?: number | null;
    }
  | { kind: "refusal"; refusal: string }
  | { kind: "failed"; code: string; message?: string }
  | { kind: "incomplete"; reason: string; text?: string }
  /** Request-level error, before anything starts (over HTTP: the status code and a JSON body). */
  | {
      kind: "error";
      shape: "request";
      status: number;
      code: string | null;
      type?: string;
      message?: string;
      param?: string | null;
      retryAfter?: string;
      /** More response headers, e.g. `x-ratelimit-reset-tokens: "6m0s"`, beside `retry-after`. */
      headers?: Record<string, string>;
      /** Where `retry-after` goes: nested `error.headers` (default) or top-level `headers`. */
      headersAt?: "error" | "top";
      /** `status_code` is an alias some frames use. */
      statusField?: "status" | "status_code";
    }
  /** Streaming error after some deltas: `{type: "error", code, message, param, sequence_number}`. */
  | { kind: "error"; shape: "streaming"; code: string; message?: string; afterDeltas?: number; text?: string }
  /** The socket dies mid-stream: 1006 is an abrupt TCP close, other codes a close frame (e.g. 1011). */
  | { kind: "drop"; closeCode: number; afterDeltas?: number; text?: string }
  /** Starts, sends a few deltas, then never finishes (until the socket closes). */
  | { kind: "hang"; afterDeltas?: number; text?: string };

/** `full`: every added/done event and `completed.output`. `sparse`: deltas, item done, completed without output. */
export type EventVariant = "full" | "sparse";

export interface UpgradeRefusal {
  status: 401 | 403 | 426 | 429 | 500 | 503;
  retryAfter?: string;
}

export interface FakeBehaviour {
  variant: EventVariant;
  /** Delay before the first output delta. */
  ttftMs: number;
  /** Output pacing; null sends every delta at once. */
  tokensPerSecond: number | null;
  /** Responses run at once per socket; more are queued (`response.queued`). */
  maxInFlight: number;
  /** Distinct named `stream_id`s per socket. */
  maxStreams: number;
  /** The service's 60-minute socket life, compressed; null = unlimited. */
  connectionAgeLimitMs: number | null;
  /** Refuse every upgrade with this status; null accepts. */
  refuseUpgrade: UpgradeRefusal | null;
  /** false: pings go unanswered (a dead peer). */
  answerPings: boolean;
}

export const DEFAULT_BEHAVIOUR: FakeBehaviour = {
  variant: "full",
  ttftMs: 0,
  tokensPerSecond: null,
  maxInFlight: 16,
  maxStreams: 32,
  connectionAgeLimitMs: null,
  refuseUpgrade: null,
  answerPings: true,
};

/** What the fake recorded about one `response.create` (or `POST /v1/responses`). */
export interface ReceivedRequest {
  /** 1-based order across the fake's life. */
  seq: number;
  transport: "ws" | "http";
  /** 1-based socket number (ws); 0 for http. */
  connection: number;
  body: Record<string, unknown>;
  /** Request headers without `authorization`. */
  headers: Record<string, string>;
  /** The Authorization check. Sockets are checked at the upgrade, so their requests are always "ok". */
  auth: "ok" | "missing" | "wrong";
  /** The error code the fake answered with before starting, if it refused the request. */
  rejected?: string;
  /** Milliseconds the fake spent on it, from receipt to its last event (queueing and TTFT included). */
  serverMs?: number;
}

export interface UpgradeAttempt {
  auth: "ok" | "missing" | "wrong";
  /** The HTTP status answered: 101 when accepted. */
  status: number;
  headers: Record<string, string>;
}

export type Script = (request: ReceivedRequest) => Scenario | string | undefined;

export function normalise(scenario: Scenario | string): Scenario {
  return typeof scenario === "string" ? { kind: "text", text: scenario } : scenario;
}

/** The answer when nothing is scripted: small valid JSON naming the request. */
export function defaultScenario(request: ReceivedRequest): Scenario {
  return { kind: "text", text: JSON.stringify({ ok: true, seq: request.seq }) };
}
