import type { RedisClient } from "./connection.js";
import type { RepoPermission } from "../review/ports.js";
import type { PermissionMemory } from "../review/pipeline/authorize.js";

/**
 * Short-lived memory for who may trigger paid work: permissions are cached briefly per repository
 * and user (a burst of comments costs one API call), and a refusal is explained once per PR and user.
 */
export class PermissionCache implements PermissionMemory {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly ttlSeconds = 60,
  ) {}

  private key(owner: string, repo: string, login: string): string {
    return `${this.prefix}:perm:{${owner}/${repo}}:${login.toLowerCase()}`;
  }

  async get(owner: string, repo: string, login: string): Promise<RepoPermission | null> {
    return (await this.redis.get(this.key(owner, repo, login))) as RepoPermission | null;
  }

  async set(owner: string, repo: string, login: string, permission: RepoPermission): Promise<void> {
    await this.redis.set(this.key(owner, repo, login), permission, "EX", this.ttlSeconds);
  }

  /** True the first time `login` is refused on this PR (for 30 days), false afterwards. */
  async firstRefusal(owner: string, repo: string, pullNumber: number, login: string): Promise<boolean> {
    const key = `${this.prefix}:refused:{${owner}/${repo}#${pullNumber}}:${login.toLowerCase()}`;
    return (await this.redis.set(key, "1", "EX", 30 * 24 * 3600, "NX")) === "OK";
  }
}
