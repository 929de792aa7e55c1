import { installationServices, jobLog, parseJobData } from "./job-input.js";
import { Worker, type Job } from "bullmq";
import type { RedisClient } from "../state/connection.js";
import { RedisLedgerStore } from "../state/ledger-store.js";
import type { GitHubClient } from "../github/client.js";
import type { ErrorFlood } from "../observability/error-flood.js";
import type { Log } from "../observability/log.js";
import type { BotMetrics } from "../observability/metrics.js";
import { reviewJobSchema, type ConversationJob, type ReviewJob } from "../queue/jobs.js";
import { RedisOutsiderBudget } from "../state/outsider-budget.js";
import { PermissionCache } from "../state/permission-cache.js";
import type { ConversationOutcome } from "../review/conversation/run-conversation.js";
import { processConversation } from "./conversation-worker.js";
import { QUEUES, type QueueName } from "../queue/names.js";
import { PrState } from "../state/pr-state.js";
import { RedisOpenCheckRuns } from "../state/open-check-runs.js";
import type { Queues } from "../queue/queues.js";
import type { ReviewModel } from "../review/ports.js";
import { CheckRunTracker } from "../review/pipeline/check-run.js";
import { requestKey } from "../review/pipeline/idempotency.js";
import type { ReviewContext, ReviewSettings } from "../review/pipeline/context.js";
import { runReview, type ReviewOutcome } from "../review/pipeline/run-review.js";
import { reviewFocusSection } from "../review/prompt/focus.js";
import { retryAfterBackoff } from "./backoff.js";
import { bullmqError, decideFailure } from "./failure.js";
import { modelFor, waitForCapacity, type CapacityOptions } from "./model-capacity.js";
import { reportFailure } from "./report-failure.js";

export interface ReviewWorkerDeps {
  /** BullMQ's connection (a `blocking` client: workers wait on it) and key prefix. */
  connection: RedisClient;
  prefix: string;
  /** App state (PR state, ledgers, caches): a `command` client, whose commands time out. */
  stateRedis: RedisClient;
  statePrefix: string;
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
  /** Automatic reviews of PRs by people without write access, per author per day and per installation per hour. */
  outsiderLimits: { perAuthorPerDay: number; perInstallationPerHour: number };
  metrics?: BotMetrics;
  log: Log;
  /** Where connection errors go, so an outage is a few lines and not one per poll. */
  redisErrors: ErrorFlood;
}

/** A mention whose head moved mid-review is reviewed again on the new head, at most this often. */
const MENTION_RESTARTS = 2;

/**
 * The thin BullMQ processors (one per queue: mentions have their own, so automatic work never
 * starves them): build the job's context, run the pipeline, map errors once.
 */
export function startReviewWorkers(deps: ReviewWorkerDeps): Array<Worker<AnyJob, AnyOutcome>> {
  return [QUEUES.mentions, QUEUES.reviews].map((name) => startWorker(deps, name));
}

type AnyJob = ReviewJob | ConversationJob;
type AnyOutcome = ReviewOutcome | ConversationOutcome;

function startWorker(deps: ReviewWorkerDeps, name: QueueName): Worker<AnyJob, AnyOutcome> {
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

async function processReview(
  deps: ReviewWorkerDeps,
  job: Job<ReviewJob>,
  signal?: AbortSignal,
): Promise<ReviewOutcome> {
  const data = parseJobData(reviewJobSchema, job, "review");
  const pr = { owner: data.owner, repo: data.repo, pullNumber: data.pullNumber };
  const log = jobLog(deps.log, job, pr, { trigger: data.trigger });
  const memory = new PrState(deps.stateRedis, deps.statePrefix);
  const started = Date.now();
  let ctx: ReviewContext | undefined;
  let check: CheckRunTracker | undefined;
  try {
    // From now on this job owns its queued run: a later push must not close it as superseded.
    if (data.checkRunId !== null) await memory.clearPendingCheck(pr, data.checkRunId);
    const { botLogin, reader, publisher, threads } = await installationServices(
      deps,
      data.installationId,
      pr,
      signal,
    );
    const chosen = modelFor(deps.model, data, deps.capacity);
    ctx = {
      log,
      reader,
      publisher,
      checks: publisher,
      memory,
      permissions: new PermissionCache(deps.stateRedis, deps.statePrefix),
      budget: new RedisOutsiderBudget(deps.stateRedis, deps.statePrefix, deps.outsiderLimits),
      ledger: {
        ledger: new RedisLedgerStore(deps.stateRedis, {
          prefix: deps.statePrefix,
          events: deps.metrics?.ledger,
        }).forPullRequest(pr),
        threads,
        botLogin,
      },
      model: chosen.model,
      settings: chosen.id === null ? deps.settings : { ...deps.settings, model: chosen.id },
      signal,
    };
    let outcome: ReviewOutcome;
    for (let round = 0; ; round++) {
      check = new CheckRunTracker(
        publisher,
        memory,
        pr,
        log,
        new RedisOpenCheckRuns(deps.connection, deps.prefix),
        {
          installationId: data.installationId,
          queue: job.queueName,
          jobId: job.id ?? null,
        },
      );
      outcome = await runReview(
        ctx,
        {
          pr,
          requestedBy: data.requestedBy,
          expectedHead: data.headSha,
          mode: data.mode,
          quiet: data.quiet,
          requestKey:
            data.trigger === "mention" || data.trigger === "rerequested"
              ? requestKey(data.trigger, data.deliveryId)
              : null,
          checkRunId: round === 0 ? data.checkRunId : null,
          installationId: data.installationId,
          scope: data.scope,
          focus:
            data.focus && data.requestedBy
              ? reviewFocusSection(data.focus.kind, data.requestedBy, data.focus.text)
              : null,
        },
        check,
      );
      const again = outcome.status === "superseded" && data.trigger === "mention" && round < MENTION_RESTARTS;
      if (!again) break;
      log.info(
        { reason: outcome.status === "superseded" ? outcome.reason : "" },
        "head moved; reviewing the new head",
      );
    }
    log.info({ outcome, ms: Date.now() - started }, "review job done");
    deps.metrics?.reviewOutcome(outcome.status);
    deps.metrics?.reviewDuration((Date.now() - started) / 1000);
    return outcome;
  } catch (error) {
    const decision = decideFailure(error, job.attemptsMade, job.opts.attempts ?? 1);
    log.warn(
      { decision: decision.kind, err: error instanceof Error ? error.message : String(error) },
      "review attempt failed",
    );
    if (decision.kind === "final") deps.metrics?.reviewOutcome("failed");
    const capacity =
      decision.kind === "rate-limit"
        ? await waitForCapacity(deps.queues, job, data, decision.waitMs, deps.capacity)
        : undefined;
    if (ctx && check) {
      const attempt = { jobId: job.id ?? "", attemptsMade: job.attemptsMade + 1 };
      await reportFailure({ ctx, check, pr, job: data, attempt, decision, error, capacity });
    }
    throw bullmqError(decision);
  }
}
