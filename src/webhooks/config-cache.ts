import { defaultRepoConfig, loadRepoConfig, type LoadedRepoConfig } from "../config/repo-config.js";
import { GitHubReader } from "../github/reader.js";
import type { GitHubClient } from "../github/client.js";
import { TtlCache } from "../ttl-cache.js";

export interface RepoConfigCacheOptions {
  /** How long a read is trusted. Default a minute. */
  ttlMs?: number;
  maxEntries?: number;
  /** Longest a webhook waits for the file before going on with the fallback. Default 2.5 s. */
  waitMs?: number;
  /** Told when a read failed or was too slow and the fallback was used. */
  onFallback?: (repo: string, error: unknown) => void;
}

/**
 * `.github/codex.yml` per repository for the web server, which needs the trigger switches and the
 * debounce window before it can enqueue. Cached for a minute so a burst of events costs one read;
 * an edit to the file takes effect within that minute.
 *
 * It never fails and never makes a webhook wait long: when GitHub errs or is slow, the last good
 * read of the repository is used, or the defaults — a webhook must not be refused (GitHub does not
 * redeliver it) because a read of a settings file failed.
 */
export class RepoConfigCache {
  // The last good read stays past its minute (`last`), as the fallback when GitHub fails.
  private readonly entries: TtlCache<LoadedRepoConfig>;
  private readonly waitMs: number;

  constructor(private readonly options: RepoConfigCacheOptions = {}) {
    this.entries = new TtlCache({ ttlMs: options.ttlMs ?? 60_000, maxEntries: options.maxEntries ?? 5_000 });
    this.waitMs = options.waitMs ?? 2_500;
  }

  async get(
    octokit: GitHubClient,
    owner: string,
    repo: string,
    defaultBranch: string,
  ): Promise<LoadedRepoConfig> {
    const key = `${owner}/${repo}`.toLowerCase();
    // A failed read is not kept: the next event tries again.
    const value = this.entries.load(key, () =>
      loadRepoConfig(new GitHubReader(octokit), { owner, repo }, defaultBranch),
    );
    const fallback = this.entries.last(key) ?? { path: null, config: defaultRepoConfig(), problems: [] };
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<"late">((resolve) => {
      timer = setTimeout(() => resolve("late"), this.waitMs);
    });
    try {
      const result = await Promise.race([value, late]);
      if (result === "late") {
        // Still settled later (and kept when it succeeds); nobody else awaits it here.
        value.catch(() => {});
        this.options.onFallback?.(key, new Error(`no answer within ${this.waitMs} ms`));
        return fallback;
      }
      return result;
    } catch (error) {
      this.options.onFallback?.(key, error);
      return fallback;
    } finally {
      clearTimeout(timer);
    }
  }
}
