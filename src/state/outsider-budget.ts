import type { RedisClient } from "./connection.js";
import type { OutsiderBudget, OutsiderSpend } from "../review/pipeline/outsiders.js";

/**
 * Checks both limits and takes one review from each, atomically, or takes nothing. A review key
 * already counted (a retried job, a second worker) is let through without counting again.
 * KEYS: per-author-day counter, per-installation-hour counter, the review key's "counted" flag —
 * all under one installation's hash tag. ARGV: author limit, installation limit.
 */
const SPEND = `
if redis.call('exists', KEYS[3]) == 1 then return 'ok' end
local author = tonumber(redis.call('get', KEYS[1]) or '0')
local installation = tonumber(redis.call('get', KEYS[2]) or '0')
if author >= tonumber(ARGV[1]) then return 'author' end
if installation >= tonumber(ARGV[2]) then return 'installation' end
redis.call('incr', KEYS[1])
redis.call('expire', KEYS[1], 90000)
redis.call('incr', KEYS[2])
redis.call('expire', KEYS[2], 7200)
redis.call('set', KEYS[3], '1', 'EX', 90000)
return 'ok'
`;

/**
 * The automatic-review budget of pull requests by people without write access, in Redis, shared by
 * every worker: per author per day (UTC) and per installation per hour. Keys are tagged per
 * installation, so the script touches one Redis Cluster slot.
 */
export class RedisOutsiderBudget implements OutsiderBudget {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly limits: { perAuthorPerDay: number; perInstallationPerHour: number },
  ) {}

  async spend(input: {
    installationId: number;
    author: string;
    reviewKey: string;
    now?: Date;
  }): Promise<OutsiderSpend> {
    const now = (input.now ?? new Date()).toISOString();
    const base = `${this.prefix}:budget:{inst${input.installationId}}`;
    const keys = [
      `${base}:author:${input.author.toLowerCase()}:${now.slice(0, 10)}`,
      `${base}:hour:${now.slice(0, 13)}`,
      `${base}:counted:${input.reviewKey}`,
    ];
    const result = (await this.redis.eval(
      SPEND,
      keys.length,
      ...keys,
      this.limits.perAuthorPerDay,
      this.limits.perInstallationPerHour,
    )) as string;
    return result === "ok"
      ? { allowed: true }
      : { allowed: false, limit: result as "author" | "installation" };
  }
}
