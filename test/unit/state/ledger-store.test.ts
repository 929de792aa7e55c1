import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { closeRedis, createRedisConnection, type RedisClient } from "../../../src/state/connection.js";
import { RedisLedgerStore } from "../../../src/state/ledger-store.js";
import { ledgerKeys } from "../../../src/state/ledger-store-scripts.js";
import type { ClaimCandidate, LedgerEvents, PullRequestLedger } from "../../../src/review/ledger/types.js";
import { entry } from "../review/ledger/helpers.js";

const PR = { owner: "Acme", repo: "Widgets", pullNumber: 7 };
const HEAD = "2".repeat(40);
const NEXT = "3".repeat(40);

function candidate(n: number): ClaimCandidate {
  return {
    fingerprint: n.toString(16).padStart(16, "0"),
    path: "src/math.ts",
    startLine: n,
    endLine: n,
    title: `Finding ${n}`,
    original: [`line ${n}`],
  };
}

describe("ledger store (real Redis)", () => {
  let redis: RedisClient;
  let prefix: string;
  let ledger: PullRequestLedger;

  beforeEach(() => {
    redis = createRedisConnection(inject("redisUrl"));
    prefix = `t${randomUUID().slice(0, 8)}`;
    ledger = new RedisLedgerStore(redis, { prefix }).forPullRequest(PR);
  });
  afterEach(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await closeRedis(redis);
  });

  it("keeps each PR under one hash tag, lower-cased, so scripts work on Redis Cluster", () => {
    expect(ledgerKeys("bot", PR)).toEqual({
      entries: "bot:ledger:{acme/widgets#7}",
      leases: "bot:ledger-lease:{acme/widgets#7}",
      meta: "bot:ledger-meta:{acme/widgets#7}",
    });
  });

  it("grants a new fingerprint once, and records it as open when posted", async () => {
    const [a, b] = [candidate(1), candidate(2)];
    expect(await ledger.claim([a, b], HEAD)).toEqual([a.fingerprint, b.fingerprint]);
    expect(await ledger.claim([a, b], HEAD)).toEqual([]);
    expect((await ledger.get(a.fingerprint))?.state).toBe("posting");

    expect(await ledger.recordPosted(new Map([[a.fingerprint, { commentId: 11 }]]))).toEqual([a.fingerprint]);
    expect(await ledger.get(a.fingerprint)).toMatchObject({
      state: "open",
      commentId: 11,
      threadId: null,
      firstSeenSha: HEAD,
      lastSeenSha: HEAD,
      path: "src/math.ts",
      startLine: 1,
      original: ["line 1"],
    });
    expect(await ledger.claim([a], NEXT)).toEqual([]);
  });

  it("grants each fingerprint to exactly one of many concurrent claimers", async () => {
    const candidates = Array.from({ length: 40 }, (_, i) => candidate(i + 1));
    const workers = Array.from({ length: 6 }, () => createRedisConnection(inject("redisUrl")));
    try {
      const results = await Promise.all(
        workers.map((client, w) =>
          new RedisLedgerStore(client, { prefix })
            .forPullRequest(PR)
            // Each worker asks in its own order, so the scripts interleave over the same fields.
            .claim(w % 2 === 0 ? candidates : [...candidates].reverse(), HEAD),
        ),
      );
      const all = results.flat();
      expect(all).toHaveLength(candidates.length);
      expect(new Set(all)).toEqual(new Set(candidates.map((c) => c.fingerprint)));
    } finally {
      await Promise.all(workers.map(closeRedis));
    }
  });

  it("lets a claim be taken over once its lease runs out, and given back with release", async () => {
    const short = new RedisLedgerStore(redis, { prefix, claimLeaseMs: 50 }).forPullRequest(PR);
    const a = candidate(1);
    expect(await short.claim([a], HEAD)).toEqual([a.fingerprint]);
    expect(await short.claim([a], HEAD)).toEqual([]);
    // The lease running out is what is tested: no event but the clock ends it.
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(await short.claim([a], HEAD)).toEqual([a.fingerprint]);

    await short.release([a.fingerprint]);
    expect(await short.get(a.fingerprint)).toBeNull();
    expect(await short.claim([a], HEAD)).toEqual([a.fingerprint]);
  });

  it("gives a review's unexpired claims back to a retry of the same review, and to nobody else", async () => {
    const [a] = [candidate(11)];
    expect(await ledger.claim([a!], HEAD, "acme/widgets#7/abc/full")).toEqual([a!.fingerprint]);
    // The worker died between claiming and posting; another review of the same head must wait...
    expect(await ledger.claim([a!], HEAD, "mention/other-delivery")).toEqual([]);
    expect(await ledger.claim([a!], HEAD)).toEqual([]);
    // ...but the retry of the same review takes its claim back at once.
    expect(await ledger.claim([a!], HEAD, "acme/widgets#7/abc/full")).toEqual([a!.fingerprint]);
  });

  it("re-grants fixed and outdated findings but never dismissed ones", async () => {
    const [fixed, outdated, dismissed] = [candidate(1), candidate(2), candidate(3)];
    await ledger.claim([fixed, outdated, dismissed], HEAD);
    await ledger.recordPosted(
      new Map([
        [fixed.fingerprint, { commentId: 1 }],
        [outdated.fingerprint, { commentId: 2 }],
        [dismissed.fingerprint, { commentId: 3 }],
      ]),
    );
    expect(await ledger.markFixed(fixed.fingerprint, NEXT)).toBe(true);
    expect(await ledger.markFixed(fixed.fingerprint, NEXT)).toBe(false);
    expect(await ledger.markOutdated(outdated.fingerprint, NEXT)).toBe(true);
    expect(await ledger.markDismissed(dismissed.fingerprint, { by: "mona", how: "thumbs-down" })).toBe(true);
    expect(await ledger.markDismissed(dismissed.fingerprint, { by: "mona", how: "thumbs-down" })).toBe(false);

    expect(await ledger.get(fixed.fingerprint)).toMatchObject({ state: "fixed", fixedSha: NEXT });
    expect(await ledger.get(dismissed.fingerprint)).toMatchObject({
      state: "dismissed",
      dismissedBy: "mona",
      dismissedHow: "thumbs-down",
    });
    expect(await ledger.claim([fixed, outdated, dismissed], NEXT)).toEqual([
      fixed.fingerprint,
      outdated.fingerprint,
    ]);
  });

  it("tracks a moved finding, notes once per head, reopens, and touches open entries", async () => {
    const a = candidate(5);
    await ledger.claim([a], HEAD);
    await ledger.recordPosted(new Map([[a.fingerprint, { commentId: 5, threadId: "PRRT_5" }]]));

    const to = { path: "src/moved.ts", startLine: 20, endLine: 21, original: ["  line 5", ""] };
    expect(await ledger.track(a.fingerprint, to, NEXT)).toBe(true);
    expect(await ledger.get(a.fingerprint)).toMatchObject({ ...to, threadId: "PRRT_5", lastSeenSha: NEXT });

    expect(await ledger.markNoted(a.fingerprint, NEXT)).toBe(true);
    expect(await ledger.markNoted(a.fingerprint, NEXT)).toBe(false);

    await ledger.markFixed(a.fingerprint, NEXT);
    expect(await ledger.reopen(a.fingerprint)).toBe(true);
    const reopened = await ledger.get(a.fingerprint);
    expect(reopened?.state).toBe("open");
    expect(reopened?.fixedSha).toBeUndefined();

    await ledger.touch("4".repeat(40), [a.fingerprint]);
    expect((await ledger.get(a.fingerprint))?.lastSeenSha).toBe("4".repeat(40));
    expect(await ledger.meta()).toMatchObject({ lastReviewSha: "4".repeat(40) });
  });

  it("treats an unreadable entry as absent, and never returns it", async () => {
    const { entries } = ledgerKeys(prefix, PR);
    await redis.hset(entries, "00000000000000aa", '{"state":"weird"}', "00000000000000bb", "not json");
    await redis.hset(entries, "00000000000000cc", JSON.stringify(entry()));
    expect([...(await ledger.all()).keys()]).toEqual(["00000000000000cc"]);
    expect(await ledger.get("00000000000000aa")).toBeNull();
    expect(await ledger.claim([{ ...candidate(1), fingerprint: "00000000000000bb" }], HEAD)).toEqual([
      "00000000000000bb",
    ]);
  });

  it("needs a rebuild only when Redis knows nothing of the PR, and restore never overwrites", async () => {
    expect(await ledger.needsRebuild()).toBe(true);
    const a = candidate(1);
    await ledger.claim([a], HEAD);
    const written = await ledger.restore(
      new Map([
        [a.fingerprint, entry({ title: "rebuilt" })],
        ["00000000000000ff", entry({ title: "rebuilt too" })],
      ]),
    );
    expect(written).toBe(1);
    expect((await ledger.get(a.fingerprint))?.state).toBe("posting");
    expect((await ledger.get("00000000000000ff"))?.title).toBe("rebuilt too");
    expect(await ledger.needsRebuild()).toBe(false);
    expect((await ledger.meta()).rebuiltAt).toEqual(expect.any(String));
  });

  it("expires every key of the PR after close, and persists them again on reopen", async () => {
    await ledger.claim([candidate(1)], HEAD);
    const keys = ledgerKeys(prefix, PR);
    await ledger.expireAfterClose(3600);
    for (const key of [keys.entries, keys.leases, keys.meta]) {
      const ttl = await redis.ttl(key);
      expect(ttl).toBeGreaterThan(3500);
      expect(ttl).toBeLessThanOrEqual(3600);
    }
    await ledger.persist();
    expect(await redis.ttl(keys.entries)).toBe(-1);
    expect(await redis.ttl(keys.meta)).toBe(-1);

    await ledger.expireAfterClose(1);
    const deadline = Date.now() + 10_000;
    while ((await redis.exists(keys.entries, keys.leases, keys.meta)) > 0) {
      if (Date.now() > deadline) throw new Error("the closed PR's keys never expired");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await ledger.all()).toEqual(new Map());
    expect(await ledger.needsRebuild()).toBe(true);
  });

  it("keeps PRs apart", async () => {
    const other = new RedisLedgerStore(redis, { prefix }).forPullRequest({ ...PR, pullNumber: 8 });
    const a = candidate(1);
    expect(await ledger.claim([a], HEAD)).toEqual([a.fingerprint]);
    expect(await other.claim([a], HEAD)).toEqual([a.fingerprint]);
  });

  it("reports each transition once: re-recording, a reopened fix, racing closers", async () => {
    const seen: string[] = [];
    const events: LedgerEvents = {
      posted: (pr, p) => seen.push(`posted ${pr.repo} P${p}`),
      fixed: (_pr, p) => seen.push(`fixed P${p}`),
      dismissed: (_pr, p, by) => seen.push(`dismissed P${p} ${by}`),
      openAtClose: (_pr, p, outcome) => seen.push(`open P${p} ${outcome}`),
    };
    const stores = [0, 1].map(() => new RedisLedgerStore(redis, { prefix, events }).forPullRequest(PR));
    const [one, two] = stores as [PullRequestLedger, PullRequestLedger];
    const [a, b, c] = [1, 2, 3].map((n) => ({ ...candidate(n), priority: n - 1 }));
    await one.claim([a!, b!, c!], HEAD);
    const posted = new Map([a!, b!, c!].map((x, i) => [x.fingerprint, { commentId: 10 + i }]));
    await Promise.all([one.recordPosted(posted), two.recordPosted(posted)]);
    await one.recordPosted(posted);

    await Promise.all([one.markFixed(a!.fingerprint, NEXT), two.markFixed(a!.fingerprint, NEXT)]);
    expect(await one.reopen(a!.fingerprint)).toBe(true);
    expect(await one.markFixed(a!.fingerprint, NEXT)).toBe(true);

    await one.setAuthor("Dana");
    await one.markDismissed(b!.fingerprint, { by: "dana", how: "thumbs-down" });
    await two.markDismissed(b!.fingerprint, { by: "erin", how: "thumbs-down" });

    expect(await Promise.all([one.settleAtClose("merged"), two.settleAtClose("closed")])).toEqual(
      expect.arrayContaining([1, 0]),
    );
    expect(await one.settleAtClose("merged")).toBe(0);
    expect(seen.slice(0, 5)).toEqual([
      "posted Widgets P0",
      "posted Widgets P1",
      "posted Widgets P2",
      "fixed P0",
      "dismissed P1 author",
    ]);
    expect(seen.slice(5)).toEqual([expect.stringMatching(/^open P2 (merged|closed)$/)]);
  });
});
