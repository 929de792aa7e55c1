import type { PullRequestInfo, RepoRef } from "../ports.js";
import type { ApplyRefusal } from "./errors.js";

/** Where a commit for the pull request goes: the head repository and branch. */
export interface PushTarget {
  repo: RepoRef;
  branch: string;
}

export type PushTargetResult = { ok: true; target: PushTarget } | { ok: false; reason: ApplyRefusal };

/**
 * Whether the app can push to the head branch at all, before anything is read or written: the head
 * repository must still exist, and a fork must allow edits by maintainers (the only way an app
 * installed on the base repository may push to it).
 */
export function pushTarget(
  pr: Pick<PullRequestInfo, "headRepoFullName" | "baseRepoFullName" | "headRef" | "maintainerCanModify">,
): PushTargetResult {
  if (pr.headRepoFullName === null) return { ok: false, reason: "head_repository_gone" };
  const [owner = "", repo = ""] = pr.headRepoFullName.split("/");
  const fork = pr.headRepoFullName.toLowerCase() !== pr.baseRepoFullName.toLowerCase();
  if (fork && !pr.maintainerCanModify) return { ok: false, reason: "fork_without_maintainer_edits" };
  return { ok: true, target: { repo: { owner, repo }, branch: pr.headRef } };
}
