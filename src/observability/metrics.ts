import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { ModelMetrics } from "../model/metrics.js";

/** Prometheus metrics of one process, on their own registry (tests create as many as they like). */
export interface BotMetrics {
  registry: Registry;
  model: ModelMetrics;
  /** Reviews finished by outcome (posted, already-posted, denied, closed, failed). */
  reviewOutcome(outcome: string): void;
  /** Seconds from job start to the review being posted. */
  reviewDuration(seconds: number): void;
}

const LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64, 128];

export function createMetrics(options: { defaultMetrics?: boolean } = {}): BotMetrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: "codex_" });
  const registers = [registry];
  const ttft = new Histogram({
    name: "codex_model_time_to_first_token_seconds",
    help: "Seconds from sending a model request to its first output token.",
    labelNames: ["model", "transport"],
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const duration = new Histogram({
    name: "codex_model_request_duration_seconds",
    help: "Seconds a model call took, retries included.",
    labelNames: ["model", "transport", "outcome"],
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const tokens = new Counter({
    name: "codex_model_tokens_total",
    help: "Tokens billed, by kind (input, cached_input, output, reasoning).",
    labelNames: ["model", "transport", "kind"],
    registers,
  });
  const retries = new Counter({
    name: "codex_model_retries_total",
    help: "Requests the model client sent again on its own.",
    labelNames: ["model", "transport", "reason"],
    registers,
  });
  const reconnects = new Counter({
    name: "codex_model_reconnects_total",
    help: "Sockets opened to replace one that closed or was retired.",
    labelNames: ["reason"],
    registers,
  });
  const sockets = new Gauge({ name: "codex_model_open_sockets", help: "Open model sockets.", registers });
  const inFlight = new Gauge({
    name: "codex_model_in_flight",
    help: "Model responses in flight.",
    registers,
  });
  const outcomes = new Counter({
    name: "codex_reviews_total",
    help: "Review jobs finished, by outcome.",
    labelNames: ["outcome"],
    registers,
  });
  const reviewSeconds = new Histogram({
    name: "codex_review_duration_seconds",
    help: "Seconds from a review job's start to its end.",
    buckets: LATENCY_BUCKETS,
    registers,
  });
  return {
    registry,
    model: {
      timeToFirstToken: (s, l) => ttft.observe(l, s),
      requestDuration: (s, l) => duration.observe(l, s),
      tokens: (u, l) => {
        tokens.inc({ ...l, kind: "input" }, u.inputTokens);
        tokens.inc({ ...l, kind: "cached_input" }, u.cachedInputTokens);
        tokens.inc({ ...l, kind: "output" }, u.outputTokens);
        tokens.inc({ ...l, kind: "reasoning" }, u.reasoningTokens);
      },
      retry: (reason, l) => retries.inc({ ...l, reason }),
      reconnect: (reason) => reconnects.inc({ reason }),
      openSockets: (n) => sockets.set(n),
      inFlight: (n) => inFlight.set(n),
    },
    reviewOutcome: (outcome) => outcomes.inc({ outcome }),
    reviewDuration: (seconds) => reviewSeconds.observe(seconds),
  };
}
