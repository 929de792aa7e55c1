import type { Context } from "probot";
import type { RepoConfig } from "../config/repo-config.js";
import { GitHubPublisher } from "../github/publisher.js";
import type { GitHubClient } from "../github/client.js";
import type { ReviewJobInput, ReviewTrigger } from "../queue/jobs.js";
import { dropPendingReview, enqueueAutoReview } from "../queue/queues.js";
import { renderCheckQueued, renderCheckSkipped } from "../review/render/check-run.js";
import type { CheckText } from "../review/render/check-run-types.js";
import { passName } from "../review/pipeline/idempotency.js";
import type { WebhookDeps } from "./app.js";

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
 * `pull_request` events: record the newest head (running reviews of older heads watch it and stop),
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

  if (payload.action === "closed") {
    await deps.prState.setLatestHead(ref, "closed");
    const ledger = deps.ledgers.forPullRequest(ref);
    // Before the expiry: what is still open is counted once, whoever handles `closed` first.
    await ledger.settleAtClose(pull.merged ? "merged" : "closed");
    await ledger.expireAfterClose(deps.ledgerTtlSeconds);
    const dropped = await dropPendingReview(deps.queues, ref);
    if (dropped?.checkRunId) {
      await closeCheck(context.octokit, ref, dropped.checkRunId, renderCheckSkipped({ reason: "closed" }));
    }
    log.info({ dropped: dropped !== null }, "pull request closed");
    return;
  }
  if (payload.action === "converted_to_draft") return;
  if (payload.action === "reopened") await deps.ledgers.forPullRequest(ref).persist();
  await deps.prState.setLatestHead(ref, pull.head.sha);
  if (payload.sender.type === "Bot") return;
  const installationId = payload.installation?.id;
  if (installationId === undefined || (await deps.prState.isPaused(ref))) return;

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
  job.checkRunId = await queueCheck(context.octokit, ref, pull.head.sha, plan, debounceMs, log);
  const previous = await deps.prState.swapPendingCheck(ref, {
    headSha: pull.head.sha,
    checkRunId: job.checkRunId,
  });
  if (previous && previous.headSha !== pull.head.sha && previous.checkRunId !== null) {
    const skipped = renderCheckSkipped({ reason: "superseded", newerHeadSha: pull.head.sha });
    await closeCheck(context.octokit, ref, previous.checkRunId, skipped);
  }
  const { jobId } = await enqueueAutoReview(deps.queues, job, { debounceMs });
  log.info({ jobId, pass, debounceMs }, "automatic review queued");
}

async function queueCheck(
  octokit: GitHubClient,
  ref: { owner: string; repo: string },
  headSha: string,
  pass: { mode: "full" | "incremental"; quiet: boolean },
  debounceMs: number,
  log: { warn: (fields: Record<string, unknown>, message: string) => void },
): Promise<number | null> {
  try {
    const { id } = await new GitHubPublisher(octokit).createCheckRun(ref, headSha, {
      status: "queued",
      ...renderCheckQueued(pass, { debounceSeconds: debounceMs / 1000 }),
    });
    return id;
  } catch (error) {
    // No check run (e.g. the app lacks `checks: write`) must not mean no review.
    log.warn({ err: String(error) }, "could not create the queued check run");
    return null;
  }
}

async function closeCheck(
  octokit: GitHubClient,
  ref: { owner: string; repo: string },
  checkRunId: number,
  skipped: CheckText & { conclusion: "skipped" | "cancelled" },
): Promise<void> {
  await new GitHubPublisher(octokit)
    .updateCheckRun(ref, checkRunId, { status: "completed", ...skipped })
    .catch(() => {});
}
