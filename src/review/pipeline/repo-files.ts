import { TtlCache } from "../../ttl-cache.js";
import type { PullRequestReader, RepoRef } from "../ports.js";

type Reader = Pick<PullRequestReader, "getFileContent" | "getBranchSha" | "listTree">;

/** Options of {@link RepoFileCache}. */
export interface RepoFileCacheOptions {
  /** How long a branch's head is trusted before it is looked up again. Default 15,000 ms. */
  branchFreshMs?: number;
  /**
   * How long after that the known head is still used at once, while one lookup refreshes it in
   * the background. Default 300,000 ms; past it, a review waits for the lookup.
   */
  branchStaleMs?: number;
  /** Files kept at most (a commit's file never changes, so only the bound drops one). Default 5,000. */
  maxFiles?: number;
  /** Commits whose listing is kept at most. Default 500. */
  maxTrees?: number;
}

/** The paths a commit's listing has among the file names asked about. */
interface Listed {
  paths: ReadonlySet<string>;
  /** GitHub cut the listing short: a path it lacks may still exist. */
  truncated: boolean;
}

// A day: the entries never go stale (they are keyed by commit); this only lets memory go.
const COMMIT_TTL_MS = 24 * 3600_000;
const SHA = /^[0-9a-f]{40}$/i;

function repoKey(repo: RepoRef): string {
  // Owner and repository names are case-insensitive on GitHub; paths and refs are not.
  return `${repo.owner.toLowerCase()}/${repo.repo.toLowerCase()}`;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** What one job reads the repository's config and guidelines through. */
export interface RepoFiles extends Pick<PullRequestReader, "getFileContent"> {
  /** The commit `branch` points at (briefly cached, refreshed in the background), or null. */
  branchSha(repo: RepoRef, branch: string): Promise<string | null>;
  /**
   * The `paths` that may exist at `ref`, in their order: those its listing has, or every one when
   * the listing cannot tell (cut short by GitHub, or `ref` is not a commit SHA).
   */
  mayExist(repo: RepoRef, ref: string, paths: readonly string[]): Promise<string[]>;
}

/**
 * The repository files reviews read before the model — `.github/codex.yml` and the guideline
 * files — for every job of a worker process, keyed by commit: a commit's files never change, so
 * a second review on the same base reads nothing. Which guideline files exist comes from one
 * listing of the commit's tree, so none is probed for in vain. Only a branch's head changes; it is
 * trusted for a few seconds, then used as known while one lookup refreshes it in the background,
 * so a warm review never waits for it. Failed reads are not kept. Built once per process (see
 * `src/main/worker.ts`).
 */
export class RepoFileCache {
  private readonly heads: TtlCache<string | null>;
  private readonly files: TtlCache<string | null>;
  private readonly trees: TtlCache<Listed | null>;

  constructor(options: RepoFileCacheOptions = {}) {
    this.heads = new TtlCache({
      ttlMs: options.branchFreshMs ?? 15_000,
      staleMs: options.branchStaleMs ?? 300_000,
    });
    this.files = new TtlCache({ ttlMs: COMMIT_TTL_MS, maxEntries: options.maxFiles ?? 5_000 });
    this.trees = new TtlCache({ ttlMs: COMMIT_TTL_MS, maxEntries: options.maxTrees ?? 500 });
  }

  /** `reader` (one job's, with its installation token) behind the cache. */
  for(reader: Reader): RepoFiles {
    return {
      branchSha: (repo, branch) =>
        this.heads.load(`${repoKey(repo)}\0${branch}`, () => reader.getBranchSha(repo, branch)),
      getFileContent: (repo, path, ref) =>
        SHA.test(ref)
          ? this.files.load(`${repoKey(repo)}\0${ref.toLowerCase()}\0${path}`, () =>
              reader.getFileContent(repo, path, ref),
            )
          : reader.getFileContent(repo, path, ref),
      mayExist: async (repo, ref, paths) => {
        if (!SHA.test(ref) || paths.length === 0) return [...paths];
        const listed = await this.listed(reader, repo, ref.toLowerCase(), paths);
        if (listed === null || listed.truncated) return [...paths];
        return paths.filter((path) => listed.paths.has(path));
      },
    };
  }

  /**
   * Only the paths bearing one of the names asked about are kept, not the whole listing (a large
   * repository's is megabytes); a config naming other files costs one more listing.
   */
  private async listed(
    reader: Reader,
    repo: RepoRef,
    sha: string,
    paths: readonly string[],
  ): Promise<Listed | null> {
    const names = [...new Set(paths.map(baseName))].sort();
    const key = `${repoKey(repo)}\0${sha}\0${names.join("\0")}`;
    const listed = await this.trees.load(key, async () => {
      const tree = await reader.listTree(repo, sha);
      if (tree === null) return null;
      const wanted = new Set(names);
      return {
        paths: new Set(tree.paths.filter((path) => wanted.has(baseName(path)))),
        truncated: tree.truncated,
      };
    });
    // An unknown commit (a replica not caught up yet) is asked about again next time.
    if (listed === null) this.trees.delete(key);
    return listed;
  }
}
