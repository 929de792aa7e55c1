import type { RepoRef } from "../review/ports.js";
import type { GitHubClient } from "./client.js";

export interface TreeEntry {
  path: string;
  /** `blob` (a file), `tree` (a directory) or `commit` (a submodule). */
  type: string;
  mode: string;
  sha: string;
}

/**
 * Every entry of a commit's or tree's recursive listing (`GET /git/trees/{sha}?recursive=1`), in
 * one request; `truncated` when GitHub cut the listing short (about 100,000 entries or 7 MB).
 * The one place the bot lists a tree: guidelines ask which files exist, big PRs what changed.
 */
export async function listTreeEntries(
  octokit: GitHubClient,
  repo: RepoRef,
  treeSha: string,
): Promise<{ entries: TreeEntry[]; truncated: boolean }> {
  const { data } = await octokit.rest.git.getTree({
    owner: repo.owner,
    repo: repo.repo,
    tree_sha: treeSha,
    recursive: "1",
  });
  const entries = data.tree.flatMap((entry) =>
    entry.path === undefined
      ? []
      : [{ path: entry.path, type: entry.type ?? "", mode: entry.mode ?? "", sha: entry.sha ?? "" }],
  );
  return { entries, truncated: data.truncated };
}
