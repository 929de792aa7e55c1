import type { PullRequestReader, PullRequestRef } from "../ports.js";
import { Semaphore } from "./concurrency.js";

/**
 * Reads in flight at once for one review: enough that a large review's files arrive in a few round
 * trips, far below GitHub's 100 concurrent requests (and Octokit's throttling caps it at 10).
 */
const CONCURRENT_READS = 16;

/**
 * The head version of the files a review's findings (and its ledger) point at, each read once and
 * as early as its path is known: a lane's findings are fetched while the other lanes still run, so
 * the last lane's are usually all that is left when the model is done. Suggestions are verified
 * against this text. The base repository serves a PR's head commit even when it comes from a fork.
 */
export class HeadContents {
  private readonly reads = new Map<string, Promise<string | null>>();
  private readonly slots = new Semaphore(CONCURRENT_READS);

  constructor(
    private readonly reader: Pick<PullRequestReader, "getFileContent">,
    private readonly pr: PullRequestRef,
    private readonly headSha: string,
  ) {}

  /** Starts reading the paths not read yet; failures surface from {@link get}. */
  prefetch(paths: Iterable<string>): void {
    for (const path of paths) {
      if (this.reads.has(path)) continue;
      const read = this.read(path);
      // Kept for `get`, which rethrows; nobody may be waiting yet.
      read.catch(() => {});
      this.reads.set(path, read);
    }
  }

  /** The texts of `paths` (null where the head has no such file); throws what a read threw. */
  async get(paths: Iterable<string>): Promise<Map<string, string | null>> {
    const unique = [...new Set(paths)];
    this.prefetch(unique);
    const texts = await Promise.all(unique.map((path) => this.reads.get(path) as Promise<string | null>));
    return new Map(unique.map((path, i) => [path, texts[i] ?? null]));
  }

  private async read(path: string): Promise<string | null> {
    const release = await this.slots.acquire();
    try {
      return await this.reader.getFileContent(this.pr, path, this.headSha);
    } finally {
      release();
    }
  }
}
