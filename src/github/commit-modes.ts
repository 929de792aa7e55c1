import type { RepoRef } from "../review/ports.js";
import type { GitHubClient } from "./client.js";

type Entry = { path?: string; mode?: string; type?: string; sha?: string };

/** The file modes `create tree` accepts for a blob. */
export type BlobMode = "100644" | "100755" | "120000";

function blobMode(mode: string | undefined): BlobMode {
  return mode === "100755" || mode === "120000" ? mode : "100644";
}

/**
 * The mode of each path in a tree (`100755` for executables, `120000` for symlinks), so that a
 * rewritten file keeps it: `create tree` takes the mode we send, and the default would silently drop
 * the executable bit. Walks one directory per request rather than listing the whole tree
 * recursively, which for large repositories is huge and may come back truncated. Paths not found
 * get `100644`.
 */
export async function fileModes(
  octokit: GitHubClient,
  repo: RepoRef,
  rootTree: string,
  paths: readonly string[],
): Promise<Map<string, BlobMode>> {
  const listed = new Map<string, Entry[]>();
  const list = async (sha: string): Promise<Entry[]> => {
    let entries = listed.get(sha);
    if (!entries) {
      const { data } = await octokit.rest.git.getTree({ owner: repo.owner, repo: repo.repo, tree_sha: sha });
      entries = data.tree;
      listed.set(sha, entries);
    }
    return entries;
  };
  const modes = new Map<string, BlobMode>();
  for (const path of paths) {
    const segments = path.split("/");
    const name = segments.pop() ?? path;
    let tree: string | undefined = rootTree;
    for (const dir of segments) {
      if (tree === undefined) break;
      const entries: Entry[] = await list(tree);
      tree = entries.find((e) => e.path === dir && e.type === "tree")?.sha;
    }
    const entry = tree === undefined ? undefined : (await list(tree)).find((e) => e.path === name);
    modes.set(path, entry?.type === "blob" ? blobMode(entry.mode) : "100644");
  }
  return modes;
}
