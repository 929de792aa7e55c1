import type { Context } from "probot";
import { CHECK_RUN_NAME } from "../github/publisher.js";
import { enqueueAutoReview } from "../queue/queues.js";
import { QUEUES } from "../queue/names.js";
import type { WebhookDeps } from "./deps.js";
import { closeReplacedCheck } from "./pull-request.js";
import { pullOfRerun, reportRerunWithoutPull } from "./rerun-pull.js";

/** The "Re-run" button of the "Codex review" check run: a new full review of that head. */
export async function handleCheckRunRerequested(
  context: Context<"check_run.rerequested">,
  deps: WebhookDeps,
): Promise<void> {
  const { payload } = context;
  const run = payload.check_run;
  if (run.name !== CHECK_RUN_NAME) return;
  const installationId = payload.installation?.id;
  if (installationId === undefined || payload.sender.type === "Bot") return;
  const owner = payload.repository.owner.login;
  const repo = payload.repository.name;
  const pullNumber = await pullOfRerun(context.octokit, deps, payload, context.log);
  if (pullNumber === null || pullNumber === "unknown") {
    await reportRerunWithoutPull(context.octokit, payload, pullNumber === "unknown").catch((error: unknown) =>
      context.log.warn({ err: String(error), checkRun: run.id }, "could not complete the re-run's check run"),
    );
    context.log.info({ owner, repo, headSha: run.head_sha }, "re-run of a head with no open pull request");
    return;
  }
  const { jobId, replaced } = await enqueueAutoReview(
    deps.queues,
    {
      trigger: "rerequested",
      installationId,
      owner,
      repo,
      pullNumber,
      headSha: run.head_sha,
      mode: "full",
      quiet: false,
      deliveryId: context.id,
      checkRunId: run.id,
    },
    { debounceMs: 0 },
  );
  const next = { headSha: run.head_sha, checkRunId: run.id };
  await closeReplacedCheck(context.octokit, deps, { owner, repo }, replaced, next, null);
  // Reopened by the re-run: open until the job completes it (or the sweep does, if the job dies).
  await deps.openChecks.opened({
    checkRunId: run.id,
    installationId,
    owner,
    repo,
    pullNumber,
    headSha: run.head_sha,
    key: `rerequested/${context.id}`,
    queue: QUEUES.reviews,
    jobId,
  });
  context.log.info({ jobId, owner, repo, pull: pullNumber }, "review re-requested");
}
