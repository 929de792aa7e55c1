import type { RedisClient } from "./connection.js";
import { BotError } from "../errors.js";
import type { PullRequestRef } from "../review/ports.js";
import { ledgerMetaSchema, parseEntry, type LedgerEntry, type LedgerMeta } from "../review/ledger/entry.js";
import {
  CAS_SCRIPT,
  CLAIM_SCRIPT,
  SETTLE_SCRIPT,
  ledgerKeys,
  type LedgerKeys,
} from "./ledger-store-scripts.js";
import {
  dismisserRole,
  type ClaimCandidate,
  type CloseOutcome,
  type Dismissal,
  type FindingLocation,
  type LedgerEvents,
  type LedgerStore,
  type PullRequestLedger,
} from "../review/ledger/types.js";

/** Options of {@link RedisLedgerStore}. */
export interface LedgerStoreOptions {
  /** Key prefix, e.g. the deployment's queue prefix. Required: the ledger shares Redis with BullMQ. */
  prefix: string;
  /**
   * How long a claim holds before another worker may take the finding over (its claimer is
   * presumed dead). Must exceed the time from claim to recording the posted comments. Default 10 min.
   */
  claimLeaseMs?: number;
  /** Clock for `updatedAt` and the meta; tests pin it. Default `() => new Date()`. */
  now?: () => Date;
  /** Told of each finding's exactly-once transitions (the value metrics). Default: nobody. */
  events?: LedgerEvents;
}

export const DEFAULT_CLAIM_LEASE_MS = 10 * 60_000;

/** Compare-and-set attempts before giving up; only a storm of writers to one entry gets there. */
const MAX_ATTEMPTS = 20;

/** No change / delete the entry / write this entry. */
type Change = LedgerEntry | null | undefined;

/** An entry before and after a write that happened. */
interface Written {
  before: LedgerEntry | null;
  after: LedgerEntry | null;
}

const noEvents: LedgerEvents = {
  posted: () => {},
  fixed: () => {},
  dismissed: () => {},
  openAtClose: () => {},
};

/** The ledgers of all PRs in one Redis; cheap to build, holds no state but the client. */
export class RedisLedgerStore implements LedgerStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly options: LedgerStoreOptions,
  ) {}

  forPullRequest(pr: PullRequestRef): PullRequestLedger {
    return new RedisPullRequestLedger(this.redis, ledgerKeys(this.options.prefix, pr), pr, {
      leaseMs: this.options.claimLeaseMs ?? DEFAULT_CLAIM_LEASE_MS,
      now: this.options.now ?? (() => new Date()),
      events: this.options.events ?? noEvents,
    });
  }
}

class RedisPullRequestLedger implements PullRequestLedger {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: LedgerKeys,
    private readonly pr: PullRequestRef,
    private readonly options: { leaseMs: number; now: () => Date; events: LedgerEvents },
  ) {}

  private stamp(): string {
    return this.options.now().toISOString();
  }

  async claim(candidates: readonly ClaimCandidate[], headSha: string, owner = ""): Promise<string[]> {
    if (candidates.length === 0) return [];
    const updatedAt = this.stamp();
    const args = candidates.flatMap((c) => {
      const entry: LedgerEntry = {
        state: "posting",
        path: c.path,
        startLine: c.startLine,
        endLine: c.endLine,
        title: c.title,
        ...(c.priority !== undefined ? { priority: c.priority } : {}),
        original: [...c.original],
        commentId: null,
        threadId: null,
        firstSeenSha: headSha,
        lastSeenSha: headSha,
        updatedAt,
      };
      return [c.fingerprint, JSON.stringify(entry)];
    });
    const granted = (await this.redis.eval(
      CLAIM_SCRIPT,
      2,
      this.keys.entries,
      this.keys.leases,
      String(this.options.leaseMs),
      owner,
      ...args,
    )) as string[];
    return granted;
  }

  async release(fingerprints: readonly string[]): Promise<void> {
    for (const fp of fingerprints) {
      await this.update(fp, (entry) => (entry?.state === "posting" ? null : undefined), true);
    }
  }

  async recordPosted(
    posted: ReadonlyMap<string, { commentId: number; threadId?: string | null }>,
  ): Promise<string[]> {
    const recorded: string[] = [];
    for (const [fp, { commentId, threadId }] of posted) {
      const written = await this.write(
        fp,
        (entry) =>
          entry && entry.state !== "dismissed"
            ? {
                ...entry,
                state: "open",
                commentId,
                threadId: threadId ?? entry.threadId,
                updatedAt: this.stamp(),
              }
            : undefined,
        true,
      );
      if (!written) continue;
      recorded.push(fp);
      // Only the claim becoming a comment is a posting; recording the same comment again is not.
      if (written.before?.state === "posting") this.options.events.posted(this.pr, written.before.priority);
    }
    return recorded;
  }

  setThreadId(fingerprint: string, threadId: string): Promise<boolean> {
    return this.update(fingerprint, (entry) =>
      entry && entry.threadId !== threadId ? { ...entry, threadId, updatedAt: this.stamp() } : undefined,
    );
  }

  async markFixed(fingerprint: string, headSha: string): Promise<boolean> {
    const written = await this.write(fingerprint, (entry) =>
      entry && (entry.state === "open" || entry.state === "outdated")
        ? { ...entry, state: "fixed", fixedSha: headSha, fixCounted: true, updatedAt: this.stamp() }
        : undefined,
    );
    if (written?.before && !written.before.fixCounted) {
      this.options.events.fixed(this.pr, written.before.priority);
    }
    return written !== null;
  }

  reopen(fingerprint: string): Promise<boolean> {
    return this.update(fingerprint, (entry) => {
      if (entry?.state !== "fixed") return undefined;
      const { fixedSha: _dropped, ...rest } = entry;
      return { ...rest, state: "open", updatedAt: this.stamp() };
    });
  }

  async markDismissed(fingerprint: string, dismissal: Dismissal): Promise<boolean> {
    const written = await this.write(
      fingerprint,
      (entry) =>
        entry && entry.state !== "dismissed"
          ? {
              ...entry,
              state: "dismissed",
              dismissedBy: dismissal.by,
              dismissedHow: dismissal.how,
              dismissedAt: this.stamp(),
              updatedAt: this.stamp(),
            }
          : undefined,
      true,
    );
    const before = written?.before;
    // A posted finding that a person turned down; a claim never posted, or a fix, is no dismissal.
    if (before && (before.state === "open" || before.state === "outdated")) {
      const author = (await this.redis.hget(this.keys.meta, "author")) ?? undefined;
      this.options.events.dismissed(this.pr, before.priority, dismisserRole(dismissal.by, author));
    }
    return written !== null;
  }

  markOutdated(fingerprint: string, headSha: string): Promise<boolean> {
    return this.update(fingerprint, (entry) =>
      entry?.state === "open"
        ? { ...entry, state: "outdated", lastSeenSha: headSha, updatedAt: this.stamp() }
        : undefined,
    );
  }

  track(fingerprint: string, location: FindingLocation, headSha: string): Promise<boolean> {
    return this.update(fingerprint, (entry) =>
      entry?.state === "open"
        ? {
            ...entry,
            path: location.path,
            startLine: location.startLine,
            endLine: location.endLine,
            original: [...location.original],
            lastSeenSha: headSha,
            updatedAt: this.stamp(),
          }
        : undefined,
    );
  }

  markNoted(fingerprint: string, headSha: string): Promise<boolean> {
    return this.update(fingerprint, (entry) =>
      entry?.state === "open" && entry.notedSha !== headSha
        ? { ...entry, notedSha: headSha, updatedAt: this.stamp() }
        : undefined,
    );
  }

  async touch(headSha: string, fingerprints: readonly string[]): Promise<void> {
    for (const fp of fingerprints) {
      await this.update(fp, (entry) =>
        entry?.state === "open" && entry.lastSeenSha !== headSha
          ? { ...entry, lastSeenSha: headSha, updatedAt: this.stamp() }
          : undefined,
      );
    }
    await this.redis.hset(this.keys.meta, { lastReviewSha: headSha, lastReviewAt: this.stamp() });
  }

  async setAuthor(login: string): Promise<void> {
    await this.redis.hset(this.keys.meta, { author: login });
  }

  async settleAtClose(outcome: CloseOutcome): Promise<number> {
    const values = (await this.redis.eval(
      SETTLE_SCRIPT,
      2,
      this.keys.meta,
      this.keys.entries,
      this.stamp(),
    )) as string[];
    let reported = 0;
    for (const raw of values) {
      const entry = parseEntry(raw);
      if (entry?.state !== "open") continue;
      this.options.events.openAtClose(this.pr, entry.priority, outcome);
      reported++;
    }
    return reported;
  }

  async get(fingerprint: string): Promise<LedgerEntry | null> {
    return parseEntry(await this.redis.hget(this.keys.entries, fingerprint));
  }

  async all(): Promise<Map<string, LedgerEntry>> {
    const raw = await this.redis.hgetall(this.keys.entries);
    const out = new Map<string, LedgerEntry>();
    for (const [fp, json] of Object.entries(raw)) {
      const entry = parseEntry(json);
      if (entry) out.set(fp, entry);
    }
    return out;
  }

  async meta(): Promise<LedgerMeta> {
    const parsed = ledgerMetaSchema.safeParse(await this.redis.hgetall(this.keys.meta));
    return parsed.success ? parsed.data : {};
  }

  async needsRebuild(): Promise<boolean> {
    return (await this.redis.exists(this.keys.entries, this.keys.meta)) === 0;
  }

  async restore(entries: ReadonlyMap<string, LedgerEntry>): Promise<number> {
    let written = 0;
    for (const [fp, entry] of entries) {
      written += await this.redis.hsetnx(this.keys.entries, fp, JSON.stringify(entry));
    }
    await this.redis.hset(this.keys.meta, { rebuiltAt: this.stamp() });
    return written;
  }

  async expireAfterClose(ttlSeconds: number): Promise<void> {
    const seconds = Math.max(1, Math.floor(ttlSeconds));
    // The meta key may not exist yet: create it so that a later rebuild check sees the PR as known.
    await this.redis.hset(this.keys.meta, { closedAt: this.stamp() });
    await this.redis
      .multi()
      .expire(this.keys.entries, seconds)
      .expire(this.keys.leases, seconds)
      .expire(this.keys.meta, seconds)
      .exec();
  }

  async persist(): Promise<void> {
    await this.redis
      .multi()
      .persist(this.keys.entries)
      .persist(this.keys.leases)
      .persist(this.keys.meta)
      .exec();
  }

  private async update(
    fingerprint: string,
    change: (entry: LedgerEntry | null) => Change,
    dropLease = false,
  ): Promise<boolean> {
    return (await this.write(fingerprint, change, dropLease)) !== null;
  }

  /**
   * Read, change, compare-and-set; retried when another writer got in between. Returns the entry
   * before and after when this call wrote (so exactly one racing writer sees a transition), else null.
   */
  private async write(
    fingerprint: string,
    change: (entry: LedgerEntry | null) => Change,
    dropLease = false,
  ): Promise<Written | null> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const raw = await this.redis.hget(this.keys.entries, fingerprint);
      const before = parseEntry(raw);
      const next = change(before);
      if (next === undefined) return null;
      const written = await this.redis.eval(
        CAS_SCRIPT,
        2,
        this.keys.entries,
        this.keys.leases,
        fingerprint,
        raw ?? "",
        next === null ? "" : JSON.stringify(next),
        dropLease ? "1" : "0",
      );
      if (written === 1) return { before, after: next };
    }
    throw new BotError("internal", `ledger entry ${fingerprint} kept changing under us`, { retryable: true });
  }
}
