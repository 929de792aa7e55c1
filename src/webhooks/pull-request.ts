import type { Context } from "probot";
import type { RepoConfig } from "../config/repo-config.js";
import { GitHubPublisher } from "../github/publisher.js";
import type { GitHubClient } from "../github/client.js";
import type { ReviewJob, ReviewJobInput, ReviewTrigger } from "../queue/jobs.js";
import { dropPendingReview, enqueueAutoReview } from "../queue/queues.js";
import { renderCheckQueued, renderCheckSkipped } from "../review/render/check-run.js";
import type { CheckText } from "../review/render/check-run-types.js";
import { headPassKey, jobReviewKey, passName } from "../review/pipeline/idempotency.js";
import { QUEUES, safeJobId } from "../queue/names.js";
import { within } from "../deadline.js";
import type { WebhookDeps } from "./deps.js";

type PullRequestContext = Context<
  | "pull_request.opened"
  | "pull_request.reopened"
  | "pull_request.synchronize"
  | "pull_request.ready_for_review"
  | "pull_request.converted_to_draft"
  | "pull_request.closed"
>;

interface Plan {
  trigger: ReviewTrigger;
  mode: "full" | "incremental";
  quiet: boolean;
  debounce: boolean;
}

/** Which automatic review an event asks for under a repository's settings, if any. */
export function planAutoReview(action: string, draft: boolean, config: RepoConfig): Plan | null {
  const { triggers } = config;
  switch (action) {
    case "opened":
    case "reopened":
      if (draft)
        return triggers.drafts ? { trigger: "opened", mode: "full", quiet: true, debounce: false } : null;
      return triggers.ready ? { trigger: "opened", mode: "full", quiet: false, debounce: false } : null;
    case "ready_for_review":
      return triggers.ready ? { trigger: "ready", mode: "full", quiet: false, debounce: false } : null;
    case "synchronize":
      if (draft) {
        return triggers.draftPushes
          ? { trigger: "push", mode: "incremental", quiet: true, debounce: true }
          : null;
      }
      return triggers.pushes ? { trigger: "push", mode: "incremental", quiet: false, debounce: true } : null;
    default:
      return null;
  }
}

/**
 * `pull_request` events: record the newest head and state, ordered by the event's `updated_at`
 * (running reviews of older heads watch it and, once GitHub confirms, stop), ignore stale events,
 * drop pending work of closed PRs, and queue the automatic review the repository's settings ask for.
 * A draft's later pushes get quiet passes simply because the event says it is a draft.
 */
export async function handlePullRequest(context: PullRequestContext, deps: WebhookDeps): Promise<void> {
  const { payload } = context;
  const pull = payload.pull_request;
  const owner = payload.repository.owner.login;
  const repo = payload.repository.name;
  const ref = { owner, repo, pullNumber: pull.number };
  const log = context.log.child({
    delivery: context.id,
    owner,
    repo,
    pull: pull.number,
    action: payload.action,
  });

  const fresh = await deps.prState.observeHead(ref, {
    headSha: pull.head.sha,
    state: payload.action === "closed" ? "closed" : "open",
    updatedAtMs: eventTime(pull.updated_at),
  });
  if (!fresh) {
    // Redelivered, or overtaken by a later event: newer knowledge wins, and a review for it exists.
    log.info({ headSha: pull.head.sha, updatedAt: pull.updated_at }, "stale pull_request event ignored");
    return;
  }
  if (payload.action === "closed") {
    const ledger = deps.ledgers.forPullRequest(ref);
    // Before the expiry: what is still open is counted once, whoever handles `closed` first.
    await ledger.settleAtClose(pull.merged ? "merged" : "closed");
    await ledger.expireAfterClose(deps.ledgerTtlSeconds);
    const dropped = await dropPendingReview(deps.queues, ref);
    const key = dropped ? jobReviewKey(dropped) : null;
    const checkRunId = dropped?.checkRunId ?? (key === null ? null : await deps.prState.checkRun(ref, key));
    if (checkRunId !== null) {
      void closeCheck(context.octokit, deps, ref, checkRunId, renderCheckSkipped({ reason: "closed" }));
    }
    log.info({ dropped: dropped !== null }, "pull request closed");
    return;
  }
  if (payload.action === "converted_to_draft") return;
  if (payload.action === "reopened") await deps.ledgers.forPullRequest(ref).persist();
  if (payload.sender.type === "Bot") return;
  const installationId = payload.installation?.id;
  if (installationId === undefined || (await deps.prState.isPaused(ref))) return;

  // Never fails: a GitHub error or a slow answer falls back to the last good read or the defaults.
  const { config } = await deps.configs.get(context.octokit, owner, repo, payload.repository.default_branch);
  const plan = planAutoReview(payload.action, pull.draft ?? false, config);
  if (!plan) return;
  const job: ReviewJobInput = {
    trigger: plan.trigger,
    installationId,
    owner,
    repo,
    pullNumber: pull.number,
    headSha: pull.head.sha,
    mode: plan.mode,
    quiet: plan.quiet,
    deliveryId: context.id,
  };
  const pass = passName({ mode: plan.mode, quiet: plan.quiet });
  const debounceMs = plan.debounce ? config.debounceSeconds * 1000 : 0;
  const octokit = context.octokit;
  // The queued run first, so that the job knows it (a job that finds the head moved completes it
  // as superseded) — but bounded: GitHub being slow or failing must not cost the review, which
  // then makes its own run.
  const jobId = safeJobId(job.trigger, job.deliveryId);
  const queued = queueCheck(
    octokit,
    deps,
    { ...ref, installationId, headSha: pull.head.sha, key: headPassKey(pull.head.sha, plan), jobId },
    plan,
    debounceMs,
    log,
  );
  job.checkRunId = await within(
    QUEUED_RUN_WAIT_MS,
    () => queued,
    () => new Error("slow"),
  ).catch(() => null);
  const { replaced } = await enqueueAutoReview(deps.queues, job, { debounceMs });
  log.info({ jobId, pass, debounceMs, replaced: replaced !== null }, "automatic review queued");
  void queued
    .then(async (checkRunId) => {
      const previous = await deps.prState.swapPendingCheck(ref, { headSha: pull.head.sha, checkRunId });
      // The pending record only names runs of jobs that have not started (a job takes its own run
      // out when it starts): this event's job replaces that one, whichever head it was for.
      if (previous && previous.checkRunId !== null && previous.checkRunId !== checkRunId) {
        const skipped = renderCheckSkipped({ reason: "superseded", newerHeadSha: pull.head.sha });
        await closeCheck(octokit, deps, ref, previous.checkRunId, skipped);
      }
      const next = { headSha: pull.head.sha, checkRunId };
      await closeReplacedCheck(octokit, deps, ref, replaced, next, previous?.checkRunId ?? null);
    })
    .catch((error: unknown) => log.warn({ err: String(error) }, "could not settle the queued check runs"));
}

/** `updated_at` in epoch ms; a missing or odd stamp counts as "now" (the order GitHub delivered in). */
function eventTime(updatedAt: string | null | undefined): number {
  const ms = updatedAt ? Date.parse(updatedAt) : Number.NaN;
  return Number.isNaN(ms) ? Date.now() : ms;
}

/** How long the webhook waits for GitHub to create the queued run before it queues the job without. */
const QUEUED_RUN_WAIT_MS = 1_500;

interface QueuedRun {
  owner: string;
  repo: string;
  pullNumber: number;
  installationId: number;
  headSha: string;
  /** The review request's key, under which the worker finds this run again. */
  key: string;
  jobId: string;
}

/**
 * The "queued" run of a review just enqueued, recorded under the request's key and in the
 * registry of open runs. When the worker was quicker and made the request's run itself, this one
 * ends at once as a duplicate: every run the bot starts, it completes.
 */
async function queueCheck(
  octokit: GitHubClient,
  deps: WebhookDeps,
  run: QueuedRun,
  pass: { mode: "full" | "incremental"; quiet: boolean },
  debounceMs: number,
  log: { warn: (fields: Record<string, unknown>, message: string) => void },
): Promise<number | null> {
  const publisher = new GitHubPublisher(octokit);
  const pr = { owner: run.owner, repo: run.repo, pullNumber: run.pullNumber };
  try {
    const { id } = await publisher.createCheckRun(
      pr,
      run.headSha,
      { status: "queued", ...renderCheckQueued(pass, { debounceSeconds: debounceMs / 1000 }) },
      run.key,
    );
    const holder = await deps.prState.claimCheckRun(pr, run.key, id);
    if (holder !== id) {
      await publisher.updateCheckRun(pr, id, {
        status: "completed",
        conclusion: "neutral",
        title: "Duplicate",
        summary: "Another check run on this commit reports this review.",
      });
      return holder;
    }
    await deps.openChecks.opened({
      checkRunId: id,
      installationId: run.installationId,
      owner: run.owner,
      repo: run.repo,
      pullNumber: run.pullNumber,
      headSha: run.headSha,
      key: run.key,
      queue: QUEUES.reviews,
      jobId: run.jobId,
    });
    return id;
  } catch (error) {
    // No check run (e.g. the app lacks `checks: write`) must not mean no review.
    log.warn({ err: String(error) }, "could not create the queued check run");
    return null;
  }
}

/**
 * Completes the queued run of a job this event's job replaced, unless it is this job's own run or
 * the pending record's (already closed above).
 */
export async function closeReplacedCheck(
  octokit: GitHubClient,
  deps: WebhookDeps,
  ref: { owner: string; repo: string },
  replaced: ReviewJob | null,
  next: { headSha: string | null; checkRunId: number | null },
  closedRunId: number | null,
): Promise<void> {
  const runId = replaced?.checkRunId ?? null;
  if (runId === null || runId === next.checkRunId || runId === closedRunId) return;
  const skipped = renderCheckSkipped({ reason: "superseded", newerHeadSha: next.headSha ?? undefined });
  await closeCheck(octokit, deps, ref, runId, skipped);
}

/** Completes a run that is still open; a completed run is never rewritten. */
async function closeCheck(
  octokit: GitHubClient,
  deps: WebhookDeps,
  ref: { owner: string; repo: string },
  checkRunId: number,
  skipped: CheckText & { conclusion: "neutral" | "cancelled" },
): Promise<void> {
  if (!(await deps.openChecks.closed(checkRunId))) return;
  await new GitHubPublisher(octokit)
    .updateCheckRun(ref, checkRunId, { status: "completed", ...skipped })
    .catch(() => {});
}
