import type { RedisClient } from "./connection.js";

/**
 * The app's bot login (`<slug>[bot]`), remembered in Redis once GitHub has told it: the slug of a
 * GitHub App never changes, so a worker started after a deploy knows it at once instead of asking
 * GitHub on its first review. Keyed by app id, so two apps on one Redis never mix. A single key:
 * safe on a Redis Cluster.
 */
export class AppIdentity {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly appId: number,
  ) {}

  private get key(): string {
    return `${this.prefix}:app:${this.appId}:bot-login`;
  }

  /** Null when no worker has learned it yet, or Redis cannot say now (the caller asks GitHub). */
  async botLogin(): Promise<string | null> {
    return this.redis.get(this.key).catch(() => null);
  }

  async rememberBotLogin(login: string): Promise<void> {
    await this.redis.set(this.key, login);
  }
}
