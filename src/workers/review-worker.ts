import { installationServices, jobLog, parseJobData } from "./job-input.js";
import { Worker, type Job } from "bullmq";
import type { Redis } from "ioredis";
import { RedisLedgerStore } from "../state/ledger-store.js";
import type { GitHubClient } from "../github/client.js";
import type { Log } from "../observability/log.js";
import type { BotMetrics } from "../observability/metrics.js";
import { reviewJobSchema, type ConversationJob, type ReviewJob } from "../queue/jobs.js";
import { RedisOutsiderBudget } from "../state/outsider-budget.js";
import { PermissionCache } from "../state/permission-cache.js";
import type { ConversationOutcome } from "../review/conversation/run-conversation.js";
import { processConversation } from "./conversation-worker.js";
import { QUEUES, type QueueName } from "../queue/names.js";
import { PrState } from "../state/pr-state.js";
import type { Queues } from "../queue/queues.js";
import type { ReviewModel } from "../review/ports.js";
import { CheckRunTracker } from "../review/pipeline/check-run.js";
import { requestKey } from "../review/pipeline/idempotency.js";
import type { ReviewContext, ReviewSettings } from "../review/pipeline/context.js";
import { runReview, type ReviewOutcome } from "../review/pipeline/run-review.js";
import { reviewFocusSection } from "../review/prompt/focus.js";
import { retryAfterBackoff } from "./backoff.js";
import { bullmqError, decideFailure } from "./failure.js";
import { reportFailure } from "./report-failure.js";

export interface ReviewWorkerDeps {
  connection: Redis;
  prefix: string;
  concurrency: number;
  /** BullMQ lock of a running job; a crashed worker's job is taken over after it lapses. */
  lockDurationMs: number;
  queues: Queues;
  /** An installation client (Probot's `probot.auth(installationId)`). */
  auth(installationId: number): Promise<GitHubClient>;
  /** The app's bot login (`<slug>[bot]`), learned once from GitHub. */
  botLogin(repo: { owner: string; repo: string }): Promise<string>;
  model: ReviewModel;
  settings: ReviewSettings;
  /** Automatic reviews of PRs by people without write access, per author per day and per installation per hour. */
  outsiderLimits: { perAuthorPerDay: number; perInstallationPerHour: number };
  metrics?: BotMetrics;
  log: Log;
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
      stalledInterval: Math.min(30_000, deps.lockDurationMs),
    },
  );
  worker.on("failed", (job, error) => {
    deps.log.warn(
      { queue: name, jobId: job?.id, attempts: job?.attemptsMade, err: error.message },
      "job failed",
    );
  });
  worker.on("error", (error) => deps.log.error({ queue: name, err: error.message }, "worker error"));
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
  const memory = new PrState(deps.connection, deps.prefix);
  const started = Date.now();
  let ctx: ReviewContext | undefined;
  let check: CheckRunTracker | undefined;
  try {
    const { botLogin, reader, publisher, threads } = await installationServices(
      deps,
      data.installationId,
      pr,
    );
    ctx = {
      log,
      reader,
      publisher,
      checks: publisher,
      memory,
      permissions: new PermissionCache(deps.connection, deps.prefix),
      budget: new RedisOutsiderBudget(deps.connection, deps.prefix, deps.outsiderLimits),
      ledger: {
        ledger: new RedisLedgerStore(deps.connection, {
          prefix: deps.prefix,
          events: deps.metrics?.ledger,
        }).forPullRequest(pr),
        threads,
        botLogin,
      },
      model: deps.model,
      settings: deps.settings,
      signal,
    };
    let outcome: ReviewOutcome;
    for (let round = 0; ; round++) {
      check = new CheckRunTracker(publisher, memory, pr, log);
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
    if (decision.kind === "rate-limit") {
      const queue = job.queueName === QUEUES.mentions ? deps.queues.mentions : deps.queues.reviews;
      await queue.rateLimit(decision.waitMs);
    }
    if (ctx && check) await reportFailure({ ctx, check, pr, job: data, decision, error });
    throw bullmqError(decision);
  }
}
