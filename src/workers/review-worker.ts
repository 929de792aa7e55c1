import type { Job } from "bullmq";
import { installationServices, jobLog, parseJobData } from "./job-input.js";
import { reviewJobSchema, type ReviewJob } from "../queue/jobs.js";
import { CheckRunTracker } from "../review/pipeline/check-run.js";
import { requestKey } from "../review/pipeline/idempotency.js";
import type { ReviewContext } from "../review/pipeline/context.js";
import { runReview, type ReviewOutcome } from "../review/pipeline/run-review.js";
import { reviewFocusSection } from "../review/prompt/focus.js";
import { bullmqError, decideFailure } from "./failure.js";
import { modelFor, waitForCapacity } from "./model-capacity.js";
import type { WorkerDeps } from "./deps.js";
import { reportFailure } from "./report-failure.js";

/** A mention whose head moved mid-review is reviewed again on the new head, at most this often. */
const MENTION_RESTARTS = 2;

/** Builds a review job's context, runs the pipeline (again, when a mention's head moved), maps errors once. */
export async function processReview(
  deps: WorkerDeps,
  job: Job<ReviewJob>,
  signal?: AbortSignal,
): Promise<ReviewOutcome> {
  const data = parseJobData(reviewJobSchema, job, "review");
  const pr = { owner: data.owner, repo: data.repo, pullNumber: data.pullNumber };
  const log = jobLog(deps.log, job, pr, { trigger: data.trigger });
  const { memory } = deps.state;
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
      permissions: deps.state.permissions,
      budget: deps.state.outsiders,
      ledger: {
        ledger: deps.state.ledgers.forPullRequest(pr),
        threads,
        botLogin,
      },
      model: chosen.model,
      settings: chosen.id === null ? deps.settings : { ...deps.settings, model: chosen.id },
      signal,
    };
    let outcome: ReviewOutcome;
    for (let round = 0; ; round++) {
      check = new CheckRunTracker(publisher, memory, pr, log, deps.state.openChecks, {
        installationId: data.installationId,
        queue: job.queueName,
        jobId: job.id ?? null,
      });
      if (round > 0) check.startOver();
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
