import type { RedisClient } from "./connection.js";
import { pause } from "../backoff.js";
import type { WriteBudget } from "../review/ports-state.js";

/** GitHub's secondary limits for content-creating requests, per installation. */
export interface WriteBudgetLimits {
  /** Default 80. */
  perMinute: number;
  /** Default 500. */
  perHour: number;
}

export const GITHUB_WRITE_LIMITS: WriteBudgetLimits = { perMinute: 80, perHour: 500 };

/*
 * Two token buckets (a minute's and an hour's) refilled continuously; a write takes one token from
 * each, or none and learns how long until both have one. Redis' own clock, so every worker agrees.
 * Both keys carry the installation's hash tag: one Cluster slot.
 */
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local function level(key, cap, per)
  local v = redis.call('HMGET', key, 'tokens', 'at')
  local tokens = tonumber(v[1]) or cap
  local at = tonumber(v[2]) or now
  return math.min(cap, tokens + math.max(0, now - at) * cap / per)
end
local mcap, mper, hcap, hper = tonumber(ARGV[1]), 60000, tonumber(ARGV[2]), 3600000
local m = level(KEYS[1], mcap, mper)
local h = level(KEYS[2], hcap, hper)
if m >= 1 and h >= 1 then
  redis.call('HSET', KEYS[1], 'tokens', m - 1, 'at', now)
  redis.call('HSET', KEYS[2], 'tokens', h - 1, 'at', now)
  redis.call('PEXPIRE', KEYS[1], mper * 2)
  redis.call('PEXPIRE', KEYS[2], hper * 2)
  return 0
end
local wait = 0
if m < 1 then wait = math.max(wait, math.ceil((1 - m) * mper / mcap)) end
if h < 1 then wait = math.max(wait, math.ceil((1 - h) * hper / hcap)) end
return wait
`;

/**
 * The installation's budget of content-creating requests, shared by every web and worker process
 * on one Redis, so the bot stays under GitHub's secondary limits instead of learning them from 403s.
 * (The GitHub adapter takes it as its `WriteBudget`; `src/main/` wires the two.)
 */
export class RedisWriteBudget implements WriteBudget {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly limits: WriteBudgetLimits = GITHUB_WRITE_LIMITS,
  ) {}

  /** Takes one write now (0), or answers how many milliseconds until one is free. */
  async tryTake(installationId: number): Promise<number> {
    const tag = `{inst:${installationId}}`;
    const wait = await this.redis.eval(
      TAKE,
      2,
      `${this.prefix}:${tag}:writes:minute`,
      `${this.prefix}:${tag}:writes:hour`,
      this.limits.perMinute,
      this.limits.perHour,
    );
    return Number(wait);
  }

  async take(installationId: number, signal?: AbortSignal): Promise<void> {
    for (;;) {
      const wait = await this.tryTake(installationId);
      if (wait === 0) return;
      await pause(wait, signal);
    }
  }
}
