import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { ModelMetrics } from "../model/metrics.js";
import type { LedgerEvents } from "../review/ledger/types.js";
import type { PullRequestRef } from "../review/ports.js";

/** Prometheus metrics of one process, on their own registry (tests create as many as they like). */
export interface BotMetrics {
  registry: Registry;
  model: ModelMetrics;
  /** Reviews finished by outcome (posted, already-posted, denied, closed, failed). */
  reviewOutcome(outcome: string): void;
  /** Seconds from job start to the review being posted. */
  reviewDuration(seconds: number): void;
  /** The findings' fate, counted by repository and priority (the value the bot brings). */
  ledger: LedgerEvents;
}

/** Label values of a finding: its repository (`owner/repo`, lower case) and `P0`…`P3` or `none`. */
function findingLabels(pr: PullRequestRef, priority: number | undefined) {
  return {
    repository: `${pr.owner}/${pr.repo}`.toLowerCase(),
    priority: priority === undefined ? "none" : `P${priority}`,
  };
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
  const posted = new Counter({
    name: "codex_findings_posted_total",
    help: "Findings posted as inline comments.",
    labelNames: ["repository", "priority"],
    registers,
  });
  const fixed = new Counter({
    name: "codex_findings_fixed_total",
    help: "Posted findings whose code a later push fixed.",
    labelNames: ["repository", "priority"],
    registers,
  });
  const dismissed = new Counter({
    name: "codex_findings_dismissed_total",
    help: "Posted findings a person dismissed, by whom (author, collaborator, unknown).",
    labelNames: ["repository", "priority", "by"],
    registers,
  });
  const openAtClose = new Counter({
    name: "codex_findings_open_at_close_total",
    help: "Findings still open when their pull request was merged or closed.",
    labelNames: ["repository", "priority", "outcome"],
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
    ledger: {
      posted: (pr, priority) => posted.inc(findingLabels(pr, priority)),
      fixed: (pr, priority) => fixed.inc(findingLabels(pr, priority)),
      dismissed: (pr, priority, by) => dismissed.inc({ ...findingLabels(pr, priority), by }),
      openAtClose: (pr, priority, outcome) => openAtClose.inc({ ...findingLabels(pr, priority), outcome }),
    },
  };
}
