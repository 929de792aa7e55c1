import { Worker, type Job } from "bullmq";
import type { RedisClient } from "../state/connection.js";
import type { GitHubClient } from "../github/client.js";
import type { ErrorFlood } from "../observability/error-flood.js";
import type { Log } from "../observability/log.js";
import type { BotMetrics } from "../observability/metrics.js";
import type { ConversationJob, ReviewJob } from "../queue/jobs.js";
import { QUEUES, type QueueName } from "../queue/names.js";
import type { Queues } from "../queue/queues.js";
import type { ConversationOutcome } from "../review/conversation/run-conversation.js";
import type { LedgerStore } from "../review/ledger/types.js";
import type { PermissionMemory } from "../review/pipeline/authorize.js";
import type { ReviewSettings } from "../review/pipeline/context.js";
import type { PullRequestMemory } from "../review/pipeline/memory.js";
import type { OutsiderBudget } from "../review/pipeline/outsiders.js";
import type { ReviewOutcome } from "../review/pipeline/run-review.js";
import type { CheckRunRegistry, ReviewModel } from "../review/ports.js";
import { retryAfterBackoff } from "./backoff.js";
import { processConversation } from "./conversation-worker.js";
import type { CapacityOptions } from "./model-capacity.js";
import { processReview } from "./review-worker.js";

/**
 * The app state jobs work with, as the domain's ports: the Redis adapters of `src/state/` are
 * built once in `src/main/worker.ts` and shared by every job (they hold nothing but a client).
 */
export interface WorkerState {
  /** Per-PR memory shared with the web server (heads, posted reviews, check runs, pause). */
  memory: PullRequestMemory;
  /** Cached collaborator permissions and once-per-PR refusals. */
  permissions: PermissionMemory;
  /** Automatic reviews of PRs by people without write access. */
  outsiders: OutsiderBudget;
  ledgers: LedgerStore;
  /** The bot's check runs that are still open, so each is completed exactly once. */
  openChecks: CheckRunRegistry;
}

export interface WorkerDeps {
  /** BullMQ's connection (a `blocking` client: workers wait on it) and key prefix. */
  connection: RedisClient;
  prefix: string;
  state: WorkerState;
  concurrency: number;
  /** BullMQ lock of a running job; a crashed worker's job is taken over after it lapses. */
  lockDurationMs: number;
  queues: Queues;
  /** An installation client (Probot's `probot.auth(installationId)`). */
  auth(installationId: number): Promise<GitHubClient>;
  /** The app's bot login (`<slug>[bot]`), learned once from GitHub. */
  botLogin(repo: { owner: string; repo: string }): Promise<string>;
  model: ReviewModel;
  /** When a review waiting for the model's capacity moves to the fallback model. */
  capacity?: CapacityOptions;
  settings: ReviewSettings;
  metrics?: BotMetrics;
  log: Log;
  /** Where connection errors go, so an outage is a few lines and not one per poll. */
  redisErrors: ErrorFlood;
}

type AnyJob = ReviewJob | ConversationJob;
type AnyOutcome = ReviewOutcome | ConversationOutcome;

/**
 * One BullMQ worker per queue (mentions have their own, so automatic work never starves them).
 * A queue carries both kinds of job — a mention may ask for a review or a conversation — so each
 * worker hands a job to its processor by name: `processReview` or `processConversation`.
 */
export function startQueueWorkers(deps: WorkerDeps): Array<Worker<AnyJob, AnyOutcome>> {
  return [QUEUES.mentions, QUEUES.reviews].map((name) => startWorker(deps, name));
}

function startWorker(deps: WorkerDeps, name: QueueName): Worker<AnyJob, AnyOutcome> {
  const worker = new Worker<AnyJob, AnyOutcome>(
    name,
    (job, _token, signal) =>
      job.name === "conversation"
        ? processConversation(deps, job as unknown as Job<ConversationJob>, signal)
        : processReview(deps, job as Job<ReviewJob>, signal),
    {
      connection: deps.connection,
      prefix: deps.prefix,
      concurrency: deps.concurrency,
      // BullMQ renews the lock while a job runs; its length only bounds how long a crashed
      // worker's job waits before another worker takes it over.
      lockDuration: deps.lockDurationMs,
      settings: { backoffStrategy: retryAfterBackoff },
      // BullMQ honours a queue rate limit (set on a model 429) only in workers with a limiter; this
      // one is far above any real rate, there only to switch that check on.
      limiter: { max: 10_000, duration: 1_000 },
      stalledInterval: Math.min(30_000, deps.lockDurationMs),
    },
  );
  worker.on("failed", (job, error) => {
    deps.log.warn(
      { queue: name, jobId: job?.id, attempts: job?.attemptsMade, err: error.message },
      "job failed",
    );
  });
  worker.on("error", (error) => deps.redisErrors.report(error, { queue: name }));
  return worker;
}
