import { defaultRepoConfig, loadRepoConfig, type LoadedRepoConfig } from "../config/repo-config.js";
import { GitHubReader } from "../github/reader.js";
import type { GitHubClient } from "../github/client.js";

interface Entry {
  at: number;
  value: Promise<LoadedRepoConfig>;
  /** The last read that succeeded, kept past its minute as the fallback when GitHub fails. */
  last: LoadedRepoConfig | null;
}

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
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly waitMs: number;

  constructor(private readonly options: RepoConfigCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? 60_000;
    this.maxEntries = options.maxEntries ?? 5_000;
    this.waitMs = options.waitMs ?? 2_500;
  }

  async get(
    octokit: GitHubClient,
    owner: string,
    repo: string,
    defaultBranch: string,
  ): Promise<LoadedRepoConfig> {
    const key = `${owner}/${repo}`.toLowerCase();
    const now = Date.now();
    let entry = this.entries.get(key);
    if (!entry || now - entry.at >= this.ttlMs) {
      const last: LoadedRepoConfig | null = entry?.last ?? null;
      const value = loadRepoConfig(new GitHubReader(octokit), { owner, repo }, defaultBranch);
      const fresh: Entry = { at: now, value, last };
      value.then(
        (loaded) => {
          fresh.last = loaded;
        },
        // A failed read is not trusted for a minute: the next event tries again.
        () => {
          if (this.entries.get(key) === fresh) fresh.at = 0;
        },
      );
      if (this.entries.size >= this.maxEntries && !this.entries.has(key)) {
        this.entries.delete(this.entries.keys().next().value as string);
      }
      this.entries.set(key, fresh);
      entry = fresh;
    }
    const fallback = entry.last ?? { path: null, config: defaultRepoConfig(), problems: [] };
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<"late">((resolve) => {
      timer = setTimeout(() => resolve("late"), this.waitMs);
    });
    try {
      const result = await Promise.race([entry.value, late]);
      if (result === "late") {
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
