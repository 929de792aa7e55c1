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
  // One shape per kind of metric, all on this registry; durations share one set of buckets.
  const registers = [registry];
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Counter<L>({ name, help, labelNames, registers });
  const seconds = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Histogram<L>({ name, help, labelNames, buckets: LATENCY_BUCKETS, registers });
  const gauge = (name: string, help: string) => new Gauge({ name, help, registers });

  const ttft = seconds(
    "codex_model_time_to_first_token_seconds",
    "Seconds from sending a model request to its first output token.",
    ["model", "transport"],
  );
  const duration = seconds(
    "codex_model_request_duration_seconds",
    "Seconds a model call took, retries included.",
    ["model", "transport", "outcome"],
  );
  const tokens = counter(
    "codex_model_tokens_total",
    "Tokens billed, by kind (input, cached_input, output, reasoning).",
    ["model", "transport", "kind"],
  );
  const retries = counter("codex_model_retries_total", "Requests the model client sent again on its own.", [
    "model",
    "transport",
    "reason",
  ]);
  const reconnects = counter(
    "codex_model_reconnects_total",
    "Sockets opened to replace one that closed or was retired.",
    ["reason"],
  );
  const sockets = gauge("codex_model_open_sockets", "Open model sockets.");
  const inFlight = gauge("codex_model_in_flight", "Model responses in flight.");
  const outcomes = counter("codex_reviews_total", "Review jobs finished, by outcome.", ["outcome"]);
  const reviewSeconds = seconds(
    "codex_review_duration_seconds",
    "Seconds from a review job's start to its end.",
  );
  const finding = ["repository", "priority"] as const;
  const posted = counter("codex_findings_posted_total", "Findings posted as inline comments.", finding);
  const fixed = counter(
    "codex_findings_fixed_total",
    "Posted findings whose code a later push fixed.",
    finding,
  );
  const dismissed = counter(
    "codex_findings_dismissed_total",
    "Posted findings a person dismissed, by whom (author, collaborator, unknown).",
    [...finding, "by"],
  );
  const openAtClose = counter(
    "codex_findings_open_at_close_total",
    "Findings still open when their pull request was merged or closed.",
    [...finding, "outcome"],
  );
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
