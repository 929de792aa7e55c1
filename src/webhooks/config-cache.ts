import { loadRepoConfig, type LoadedRepoConfig } from "../config/repo-config.js";
import { GitHubReader } from "../github/reader.js";
import type { GitHubClient } from "../github/client.js";

interface Entry {
  at: number;
  value: Promise<LoadedRepoConfig>;
}

/**
 * `.github/codex.yml` per repository for the web server, which needs the trigger switches and the
 * debounce window before it can enqueue. Cached for a minute so a burst of events costs one read;
 * an edit to the file takes effect within that minute.
 */
export class RepoConfigCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs = 60_000,
    private readonly maxEntries = 5_000,
  ) {}

  get(octokit: GitHubClient, owner: string, repo: string, defaultBranch: string): Promise<LoadedRepoConfig> {
    const key = `${owner}/${repo}`.toLowerCase();
    const now = Date.now();
    const cached = this.entries.get(key);
    if (cached && now - cached.at < this.ttlMs) return cached.value;
    const value = loadRepoConfig(new GitHubReader(octokit), { owner, repo }, defaultBranch);
    // A failed read is not cached: the next event tries again.
    value.catch(() => this.entries.delete(key));
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { at: now, value });
    return value;
  }
}
