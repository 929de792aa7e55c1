import type { Context } from "probot";
import type { GitHubClient } from "../github/client.js";
import { findOpenPullForHead } from "../github/pull-for-head.js";
import { GitHubPublisher } from "../github/publisher.js";
import { renderCheckFailed } from "../review/render/check-run.js";
import type { WebhookDeps } from "./deps.js";

type RerunPayload = Context<"check_run.rerequested">["payload"];

/**
 * The pull request a re-run check run belongs to. GitHub lists it in `check_run.pull_requests`
 * only when the head branch is in the base repository: for a fork's PR the list is empty. Then the
 * head is looked up in what `pull_request` events told us, and last in GitHub's open PRs. Null when
 * no open PR has that head; "unknown" when GitHub did not answer (the webhook never fails because
 * of GitHub; Redis failing still fails it, so that the delivery is recovered).
 */
export async function pullOfRerun(
  octokit: GitHubClient,
  deps: WebhookDeps,
  payload: RerunPayload,
  log: { warn(fields: object, message: string): void },
): Promise<number | null | "unknown"> {
  const run = payload.check_run;
  const listed = run.pull_requests[0];
  if (listed) return listed.number;
  const repo = { owner: payload.repository.owner.login, repo: payload.repository.name };
  const remembered = await deps.prState.pullForHead(repo, run.head_sha);
  if (remembered !== null) return remembered;
  const suite = run.check_suite as {
    head_branch?: string | null;
    repository?: { full_name?: string; owner?: { login?: string } };
  };
  // A suite's repository other than the base is the head's: GitHub can filter by its owner. The
  // base's own owner would name no fork's branch, so then every open PR is looked at.
  const elsewhere =
    suite.repository?.full_name !== undefined &&
    suite.repository.full_name.toLowerCase() !== payload.repository.full_name.toLowerCase();
  return findOpenPullForHead(octokit, repo, {
    sha: run.head_sha,
    branch: suite.head_branch ?? null,
    headOwner: elsewhere ? (suite.repository?.owner?.login ?? null) : null,
  }).catch((error: unknown) => {
    log.warn({ err: String(error), ...repo }, "could not look up the re-run's pull request");
    return "unknown" as const;
  });
}

/**
 * A re-run nobody can place gets a completed run that says so, rather than silence. `lookupFailed`:
 * GitHub did not answer the search, so trying again may work.
 */
export async function reportRerunWithoutPull(
  octokit: GitHubClient,
  payload: RerunPayload,
  lookupFailed: boolean,
): Promise<void> {
  const run = payload.check_run;
  const repo = { owner: payload.repository.owner.login, repo: payload.repository.name };
  const failed = renderCheckFailed({
    reason: `could not find the pull request for ${run.head_sha.slice(0, 7)}`,
    next: lookupFailed
      ? "GitHub did not answer; re-run this check to try again"
      : "Re-run this check while its pull request is open",
    needsAction: false,
  });
  await new GitHubPublisher(octokit).updateCheckRun(repo, run.id, { status: "completed", ...failed });
}
