import type { RepoRef } from "../review/ports.js";
import type { GitHubClient } from "./client.js";
import { listTreeEntries } from "./tree.js";

/** Every file of a recursive tree listing, by path; null when GitHub cut the listing short. */
async function filesOf(octokit: GitHubClient, repo: RepoRef, treeSha: string) {
  const { entries, truncated } = await listTreeEntries(octokit, repo, treeSha);
  if (truncated) return null;
  const files = new Map<string, string>();
  for (const entry of entries) if (entry.type !== "tree") files.set(entry.path, `${entry.mode} ${entry.sha}`);
  return files;
}

/**
 * The paths that differ between the merge base of `base` and `head` and `head`, from two recursive
 * tree listings: what a pull request changes, named even where its file listing stops at 3,000.
 * Four requests (the compare for the merge base, the head commit, two trees), asked only for such
 * pull requests. Null when a tree is too large for GitHub to list whole.
 */
export async function changedPathsFromTrees(
  octokit: GitHubClient,
  repo: RepoRef,
  base: string,
  head: string,
): Promise<string[] | null> {
  const { owner, repo: name } = repo;
  const [compared, headCommit] = await Promise.all([
    octokit.rest.repos.compareCommits({ owner, repo: name, base, head, per_page: 1 }),
    octokit.rest.git.getCommit({ owner, repo: name, commit_sha: head }),
  ]);
  const [before, after] = await Promise.all([
    filesOf(octokit, repo, compared.data.merge_base_commit.commit.tree.sha),
    filesOf(octokit, repo, headCommit.data.tree.sha),
  ]);
  if (before === null || after === null) return null;
  const paths = new Set<string>();
  for (const [path, id] of after) if (before.get(path) !== id) paths.add(path);
  for (const path of before.keys()) if (!after.has(path)) paths.add(path);
  return [...paths].sort();
}
