import { TtlCache } from "../ttl-cache.js";

/**
 * The installation-token cache of one process, shared by its web and worker roles: the token the
 * webhook side made to react is the one the review's job uses, instead of each role minting its own.
 *
 * Deliberately process-local, not in Redis: a token at rest in Redis would need an encryption key
 * to manage and rotate, and what it saves is one token request per installation per replica per
 * hour. Replicas on other machines each mint their own, far below GitHub's limits.
 *
 * The shape is what `@octokit/auth-app` takes as its `cache` (Probot's own is the same kind of LRU):
 * entries live 59 minutes, a minute less than GitHub's tokens.
 */
export class TokenCache {
  private readonly entries: TtlCache<string>;

  constructor(ttlMs = 59 * 60_000, maxEntries = 15_000) {
    this.entries = new TtlCache({ ttlMs, maxEntries });
  }

  get(key: string): string | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: string): void {
    this.entries.set(key, value);
  }
}
