import { Worker, type Job } from "bullmq";
import type { Redis } from "ioredis";
import { GitHubPublisher } from "../github/publisher.js";
import { GitHubReader } from "../github/reader.js";
import type { GitHubClient } from "../github/client.js";
import type { Log } from "../observability/log.js";
import type { BotMetrics } from "../observability/metrics.js";
import { reviewJobSchema, type ReviewJob } from "../queue/jobs.js";
import { QUEUES } from "../queue/names.js";
import type { Queues } from "../queue/queues.js";
import type { ReviewModel } from "../review/ports.js";
import type { ReviewSettings } from "../review/pipeline/context.js";
import { runReview, type ReviewOutcome } from "../review/pipeline/run-review.js";
import { bullmqError, decideFailure, failureReply } from "./failure.js";

export interface ReviewWorkerDeps {
  connection: Redis;
  prefix: string;
  concurrency: number;
  queues: Queues;
  /** An installation client (Probot's `probot.auth(installationId)`). */
  auth(installationId: number): Promise<GitHubClient>;
  model: ReviewModel;
  settings: ReviewSettings;
  metrics?: BotMetrics;
  log: Log;
}

/** The thin BullMQ processor: build the job's context, run the pipeline, map errors once. */
export function startReviewWorker(deps: ReviewWorkerDeps): Worker<ReviewJob, ReviewOutcome> {
  const worker: Worker<ReviewJob, ReviewOutcome> = new Worker<ReviewJob, ReviewOutcome>(
    QUEUES.reviews,
    (job, _token, signal) => processReview(deps, job, signal),
    {
      connection: deps.connection,
      prefix: deps.prefix,
      concurrency: deps.concurrency,
      // A model call can take a minute; BullMQ renews the lock meanwhile, this only bounds how
      // long a crashed worker's job waits before another worker takes it over.
      lockDuration: 60_000,
    },
  );
  worker.on("failed", (job, error) => {
    deps.log.warn({ jobId: job?.id, attempts: job?.attemptsMade, err: error.message }, "review job failed");
  });
  worker.on("error", (error) => deps.log.error({ err: error.message }, "review worker error"));
  return worker;
}

async function processReview(
  deps: ReviewWorkerDeps,
  job: Job<ReviewJob>,
  signal?: AbortSignal,
): Promise<ReviewOutcome> {
  const parsed = reviewJobSchema.safeParse(job.data);
  if (!parsed.success) {
    throw bullmqError({
      kind: "final",
      error: new Error(`invalid review job payload: ${parsed.error.message}`),
    });
  }
  const data = parsed.data;
  const pr = { owner: data.owner, repo: data.repo, pullNumber: data.pullNumber };
  const log = deps.log.child({ jobId: job.id, owner: data.owner, repo: data.repo, pull: data.pullNumber });
  const started = Date.now();
  let publisher: GitHubPublisher | undefined;
  try {
    const octokit = await deps.auth(data.installationId);
    publisher = new GitHubPublisher(octokit);
    const outcome = await runReview(
      {
        log,
        reader: new GitHubReader(octokit),
        publisher,
        model: deps.model,
        settings: deps.settings,
        signal,
      },
      { pr, requestedBy: data.requestedBy, key: `${data.trigger}/${data.deliveryId}` },
    );
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
    if (decision.kind === "rate-limit") await deps.queues.reviews.rateLimit(decision.waitMs);
    if (decision.kind === "final" && publisher) {
      await publisher.createIssueComment(pr, failureReply(error)).catch((replyError: unknown) => {
        log.error({ err: String(replyError) }, "could not post the failure reply");
      });
    }
    throw bullmqError(decision);
  }
}
