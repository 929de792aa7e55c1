import type { PullRequestReader, RepoRef } from "../ports.js";

type FileReader = Pick<PullRequestReader, "getFileContent">;

interface Entry {
  at: number;
  text: Promise<string | null>;
}

/** Options of {@link BranchFileCache}. */
export interface BranchFileCacheOptions {
  /** How long a file's text is reused. Default 60,000 ms, as the web server caches the config. */
  ttlMs?: number;
  /** Files kept at most; the oldest go first. Default 5,000. */
  maxEntries?: number;
}

/**
 * Repository files read at a branch — the config at the default branch, review guidelines at the
 * base branch — shared by the reviews of one worker process for a minute. A busy repository's
 * reviews then start their model call one GitHub round trip sooner; an edit to those files takes
 * effect within the minute, as it already does for the web server's triggers. Failed reads are not
 * kept. Built once per process (see `src/main/worker.ts`).
 */
export class BranchFileCache {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;

  constructor(options: BranchFileCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? 60_000;
    this.maxEntries = Math.max(1, options.maxEntries ?? 5_000);
  }

  /** `inner` with reads answered from the cache when fresh. */
  reader(inner: FileReader): FileReader {
    return { getFileContent: (repo, path, ref) => this.read(inner, repo, path, ref) };
  }

  private read(inner: FileReader, repo: RepoRef, path: string, ref: string): Promise<string | null> {
    // Owner and repository names are case-insensitive on GitHub; paths and refs are not.
    const key = `${repo.owner.toLowerCase()}/${repo.repo.toLowerCase()}\0${ref}\0${path}`;
    const now = Date.now();
    const cached = this.entries.get(key);
    if (cached && now - cached.at < this.ttlMs) return cached.text;
    const text = inner.getFileContent(repo, path, ref);
    text.catch(() => {
      if (this.entries.get(key)?.text === text) this.entries.delete(key);
    });
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { at: now, text });
    return text;
  }
}
