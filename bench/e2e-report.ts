/** Timings of one e2e run, taken from the fakes' clocks and BullMQ's job timestamps, and the tables. */
import { GITHUB_LATENCY_MS, MODEL_TOKENS_PER_SECOND, MODEL_TTFT_MS, type World } from "./e2e-app.js";
import { laneAnswer } from "./e2e-fixture.js";

/**
 * GitHub round trips no review can avoid, one after the other: reading the pull request (its
 * metadata and files side by side) before the model, and the review's POST after it.
 */
export const SEQUENTIAL_GITHUB_ROUND_TRIPS = 2;

export interface Marks {
  /** When the bench sent the webhook. */
  sent: number;
  /** BullMQ: when the web server added the job, and when a worker took it. */
  enqueued: number;
  started: number;
  /** When the fake GitHub answered the review's POST. */
  posted: number;
  /** Where this run's requests begin in the fakes' logs. */
  firstRequest: number;
  firstModel: number;
}

export interface RunTimes {
  /** Webhook sent → review posted. */
  total: number;
  /** Webhook sent → job enqueued (signature check, config, routing). */
  webhook: number;
  /** Enqueued → a worker started it. */
  queue: number;
  /** Worker start → first model request (GitHub reads, Redis). */
  reads: number;
  /** First model request → last model answer done. */
  model: number;
  /** Last model answer → review posted (compose, last look, reservation, POST). */
  publish: number;
  /** Everything but the model. */
  nonModel: number;
  /**
   * The least this review could take: time to first token + the slowest lane's answer at the
   * model's rate + the sequential GitHub round trips.
   */
  floor: number;
  githubRequests: number;
  modelCalls: number;
  /** The check run's token line: input (cached), output. */
  tokens: string;
}

export interface Series {
  strategy: string;
  files: number;
  runs: RunTimes[];
}

export function breakdown(world: World, m: Marks): RunTimes {
  const calls = world.model.requests
    .slice(m.firstModel)
    .filter((r) => (world.modelClock.get(r.seq) ?? Number.POSITIVE_INFINITY) <= m.posted);
  const starts = calls.map((r) => world.modelClock.get(r.seq) as number);
  const ends = calls.map((r, i) => (starts[i] as number) + (r.serverMs ?? 0));
  const firstModel = Math.min(...starts);
  const lastModel = Math.max(...ends);
  const requests = world.github.requests.slice(m.firstRequest);
  const total = m.posted - m.sent;
  // The fake writes four characters per token; its answers are the fixture's, so they can be sized.
  const slowestTokens = Math.max(0, ...calls.map((r) => Math.ceil(laneAnswer(r).length / 4)));
  const floor =
    MODEL_TTFT_MS +
    (slowestTokens / MODEL_TOKENS_PER_SECOND) * 1000 +
    SEQUENTIAL_GITHUB_ROUND_TRIPS * GITHUB_LATENCY_MS;
  const check = requests
    .filter((r) => r.operationId === "checks/update")
    .map((r) => (r.body as { output?: { summary?: string } } | undefined)?.output?.summary ?? "")
    .find((text) => text.includes("Tokens:"));
  return {
    total,
    webhook: m.enqueued - m.sent,
    queue: m.started - m.enqueued,
    reads: firstModel - m.started,
    model: lastModel - firstModel,
    publish: m.posted - lastModel,
    nonModel: total - (lastModel - firstModel),
    floor,
    githubRequests: requests.filter((r) => r.at <= m.posted).length,
    modelCalls: calls.length,
    tokens: /Tokens: ([^\n]*)/.exec(check ?? "")?.[1] ?? "?",
  };
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

const p50 = (s: Series, pick: (r: RunTimes) => number): number => percentile(s.runs.map(pick), 50);
const ms = (value: number): string => value.toFixed(0);

function table(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const render = (cells: string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  console.log(render(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of rows) console.log(render(row));
}

/** p50/p95 of webhook → posted review, the p50 breakdown, and the ratio to the per-file strategy. */
export function printLatency(all: readonly Series[]): void {
  console.log(
    "\nwebhook → posted review, ms (fake GitHub 30 ms per answer, fake model 200 ms TTFT + 1000 tokens/s)",
  );
  const baseline = new Map(
    all.filter((s) => s.strategy.startsWith("per-file")).map((s) => [s.files, p50(s, (r) => r.total)]),
  );
  const rows = all.map((s) => {
    const base = baseline.get(s.files);
    const total = p50(s, (r) => r.total);
    return [
      s.strategy,
      String(s.files),
      String(s.runs.length),
      String(s.runs[0]?.modelCalls ?? 0),
      ms(total),
      ms(
        percentile(
          s.runs.map((r) => r.total),
          95,
        ),
      ),
      ms(p50(s, (r) => r.webhook + r.queue)),
      ms(p50(s, (r) => r.reads)),
      ms(p50(s, (r) => r.model)),
      ms(p50(s, (r) => r.publish)),
      ms(p50(s, (r) => r.nonModel)),
      ms(p50(s, (r) => r.floor)),
      `${(total / p50(s, (r) => r.floor)).toFixed(2)}×`,
      String(s.runs[0]?.githubRequests ?? 0),
      base === undefined || s.strategy !== "lanes" ? "" : `${(base / total).toFixed(1)}×`,
    ];
  });
  table(
    [
      "strategy",
      "files",
      "runs",
      "model calls",
      "p50",
      "p95",
      "webhook+queue",
      "reads",
      "model",
      "publish",
      "all but model",
      "floor",
      "p50 / floor",
      "GitHub reqs",
      "per-file p50 / this",
    ],
    rows,
  );
  console.log(
    "breakdown columns are p50s: webhook+queue = sent → worker start; reads = worker start → first model " +
      "request; model = first request → last answer; publish = last answer → review posted; floor = " +
      `${MODEL_TTFT_MS} ms TTFT + the slowest lane's tokens ÷ ${MODEL_TOKENS_PER_SECOND}/s + ` +
      `${SEQUENTIAL_GITHUB_ROUND_TRIPS} sequential GitHub round trips of ${GITHUB_LATENCY_MS} ms`,
  );
  const lanes = new Map(
    all.filter((s) => s.strategy === "lanes").map((s) => [s.files, p50(s, (r) => r.total)]),
  );
  for (const s of all.filter((x) => x.strategy.endsWith("throttled"))) {
    const free = lanes.get(s.files);
    if (free === undefined) continue;
    const slower = (p50(s, (r) => r.total) / free).toFixed(1);
    console.log(`throttled (GITHUB_THROTTLE=probot), ${s.files} file(s): ${slower}× the unthrottled p50`);
  }
}

/** What the check run reports about tokens, per lanes review: the instructions are served cached. */
export function printCaching(all: readonly Series[]): void {
  const lanes = all.filter((s) => s.strategy === "lanes");
  if (lanes.length === 0) return;
  console.log("\ntokens per review, as the check run reports them (last run of each size)");
  table(
    ["files", "model calls", "tokens"],
    lanes.map((s) => [String(s.files), String(s.runs.at(-1)?.modelCalls ?? 0), s.runs.at(-1)?.tokens ?? "?"]),
  );
}
