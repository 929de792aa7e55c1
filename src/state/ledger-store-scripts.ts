import type { PullRequestRef } from "../review/ports.js";

/**
 * Redis keys and Lua scripts of the ledger. Each PR has three keys sharing one hash tag, so every
 * script touches a single Redis Cluster slot:
 *
 * - `<prefix>:ledger:{owner/repo#n}` — hash, fingerprint → entry JSON;
 * - `<prefix>:ledger-lease:{owner/repo#n}` — hash, fingerprint → lease end (ms, Redis clock) of a claim;
 * - `<prefix>:ledger-meta:{owner/repo#n}` — hash of PR-level facts.
 *
 * GitHub names are case-insensitive, so the tag is lower-cased. (A prefix that carries its own
 * `{…}` tag puts all PRs in one slot: still correct, just not spread.)
 */
export interface LedgerKeys {
  entries: string;
  leases: string;
  meta: string;
}

export function ledgerKeys(prefix: string, pr: PullRequestRef): LedgerKeys {
  const tag = `{${pr.owner}/${pr.repo}#${pr.pullNumber}}`.toLowerCase();
  return {
    entries: `${prefix}:ledger:${tag}`,
    leases: `${prefix}:ledger-lease:${tag}`,
    meta: `${prefix}:ledger-meta:${tag}`,
  };
}

/**
 * KEYS: entries, leases. ARGV: lease ms, the claimer's key, then (fingerprint, entry JSON) pairs.
 * A lease is "<expiry ms>|<claimer>": the same claimer (a retry of the same review, after a crash
 * between claiming and posting) gets its own claims again instead of waiting for them to expire.
 */
export const CLAIM_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local lease = tonumber(ARGV[1])
local owner = ARGV[2]
local granted = {}
for i = 3, #ARGV, 2 do
  local fp = ARGV[i]
  local raw = redis.call('HGET', KEYS[1], fp)
  local grant = false
  if not raw then
    grant = true
  else
    local ok, entry = pcall(cjson.decode, raw)
    if not ok or type(entry) ~= 'table' then
      grant = true
    else
      local state = entry['state']
      if state == 'fixed' or state == 'outdated' then
        grant = true
      elseif state == 'posting' then
        local held = redis.call('HGET', KEYS[2], fp) or '0'
        local lease_end = tonumber(string.match(held, '^(%d+)')) or 0
        local holder = string.match(held, '|(.*)$')
        if lease_end <= now or (owner ~= '' and holder == owner) then grant = true end
      elseif state ~= 'open' and state ~= 'dismissed' then
        grant = true
      end
    end
  end
  if grant then
    redis.call('HSET', KEYS[1], fp, ARGV[i + 1])
    redis.call('HSET', KEYS[2], fp, tostring(now + lease) .. '|' .. owner)
    granted[#granted + 1] = fp
  end
end
return granted
`;

/**
 * KEYS: entries, leases. ARGV: fingerprint, expected JSON ('' = absent), new JSON ('' = delete),
 * '1' to drop the lease. Compare-and-set: the caller read, changed and writes back only if nobody
 * wrote in between (it retries otherwise).
 */
export const CAS_SCRIPT = `
local current = redis.call('HGET', KEYS[1], ARGV[1]) or ''
if current ~= ARGV[2] then return 0 end
if ARGV[3] == '' then
  redis.call('HDEL', KEYS[1], ARGV[1])
else
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
end
if ARGV[4] == '1' then redis.call('HDEL', KEYS[2], ARGV[1]) end
return 1
`;

/**
 * KEYS: meta, entries. ARGV: ISO time. Marks the PR's close as counted and returns every entry's
 * JSON, or nothing when it was counted before (a redelivered `closed`, another web process).
 */
export const SETTLE_SCRIPT = `
if redis.call('HSETNX', KEYS[1], 'settledAt', ARGV[1]) == 0 then return {} end
return redis.call('HVALS', KEYS[2])
`;
