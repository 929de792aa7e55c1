import type { RedisClient } from "../state/connection.js";
import type { GitHubClient } from "../github/client.js";
import type { ErrorFlood } from "../observability/error-flood.js";
import type { Log } from "../observability/log.js";
import type { BotMetrics } from "../observability/metrics.js";
import type { Queues } from "../queue/queues.js";
import type { LedgerStore } from "../review/ledger/types.js";
import type { PermissionMemory } from "../review/pipeline/authorize.js";
import type { ReviewSettings } from "../review/pipeline/context.js";
import type { PullRequestMemory } from "../review/pipeline/memory.js";
import type { OutsiderBudget } from "../review/pipeline/outsiders.js";
import type { CheckRunRegistry, ReviewModel } from "../review/ports.js";
import type { CapacityOptions } from "./model-capacity.js";

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
