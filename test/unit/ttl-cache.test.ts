import { describe, expect, it } from "vitest";
import { TtlCache } from "../../src/ttl-cache.js";

/** A clock the test moves by hand. */
function clock() {
  let t = 1_000;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

/** A read whose answer the test gives later, counting how often it was started. */
function reads<V>() {
  const pending: Array<{ resolve: (v: V) => void; reject: (e: Error) => void }> = [];
  return {
    started: () => pending.length,
    read: (): Promise<V> =>
      new Promise<V>((resolve, reject) => {
        pending.push({ resolve, reject });
      }),
    answer: (i: number, value: V) => pending[i]?.resolve(value),
    fail: (i: number, error: Error) => pending[i]?.reject(error),
  };
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("TtlCache", () => {
  it("gives a value while fresh, nothing once expired, and the last one still", () => {
    const c = clock();
    const cache = new TtlCache<string>({ ttlMs: 100, now: c.now });
    cache.set("a", "one");
    c.advance(99);
    expect(cache.get("a")).toBe("one");
    c.advance(1);
    expect(cache.get("a")).toBeUndefined();
    expect(cache.last("a")).toBe("one");
    cache.set("a", "two", 10);
    c.advance(10);
    expect(cache.get("a")).toBeUndefined();
  });

  it("evicts the least recently used past its bound", () => {
    const cache = new TtlCache<number>({ ttlMs: 1_000, maxEntries: 2 });
    cache.set("a", 1);
    cache.set("b", 2);
    expect(cache.get("a")).toBe(1);
    cache.set("c", 3);
    expect([cache.get("a"), cache.get("b"), cache.get("c")]).toEqual([1, undefined, 3]);
    expect(cache.size).toBe(2);
  });

  it("shares one read between callers and answers from the cache while fresh", async () => {
    const c = clock();
    const cache = new TtlCache<string>({ ttlMs: 100, now: c.now });
    const r = reads<string>();
    const first = cache.load("k", r.read);
    const second = cache.load("k", r.read);
    expect(r.started()).toBe(1);
    r.answer(0, "v");
    expect([await first, await second]).toEqual(["v", "v"]);
    c.advance(50);
    expect(await cache.load("k", r.read)).toBe("v");
    expect(r.started()).toBe(1);
  });

  it("keeps no failed read: the next call reads again", async () => {
    const cache = new TtlCache<string>({ ttlMs: 100 });
    const r = reads<string>();
    const failing = cache.load("k", r.read);
    r.fail(0, new Error("502"));
    await expect(failing).rejects.toThrow("502");
    expect(cache.size).toBe(0);
    const again = cache.load("k", r.read);
    r.answer(1, "v");
    expect(await again).toBe("v");
  });

  it("waits for a new read once expired, when there is no stale window", async () => {
    const c = clock();
    const cache = new TtlCache<string>({ ttlMs: 100, now: c.now });
    cache.set("k", "old");
    c.advance(100);
    const r = reads<string>();
    const loading = cache.load("k", r.read);
    let answered = false;
    void loading.then(() => (answered = true));
    await settle();
    expect(answered).toBe(false);
    r.answer(0, "new");
    expect(await loading).toBe("new");
  });

  it("answers stale at once and refreshes once in the background (stale-while-revalidate)", async () => {
    const c = clock();
    const cache = new TtlCache<string>({ ttlMs: 100, staleMs: 1_000, now: c.now });
    cache.set("k", "old");
    c.advance(150);
    const r = reads<string>();
    expect(await cache.load("k", r.read)).toBe("old");
    expect(await cache.load("k", r.read)).toBe("old");
    expect(r.started()).toBe(1);
    r.answer(0, "new");
    await settle();
    expect(cache.get("k")).toBe("new");
    expect(await cache.load("k", r.read)).toBe("new");
    expect(r.started()).toBe(1);
  });

  it("keeps the stale value when its refresh fails, and tries again on the next call", async () => {
    const c = clock();
    const cache = new TtlCache<string>({ ttlMs: 100, staleMs: 1_000, now: c.now });
    cache.set("k", "old");
    c.advance(150);
    const r = reads<string>();
    expect(await cache.load("k", r.read)).toBe("old");
    r.fail(0, new Error("timeout"));
    await settle();
    expect(cache.last("k")).toBe("old");
    expect(await cache.load("k", r.read)).toBe("old");
    expect(r.started()).toBe(2);
  });

  it("reads before answering once past the stale window", async () => {
    const c = clock();
    const cache = new TtlCache<string>({ ttlMs: 100, staleMs: 100, now: c.now });
    cache.set("k", "old");
    c.advance(200);
    const r = reads<string>();
    const loading = cache.load("k", r.read);
    r.answer(0, "new");
    expect(await loading).toBe("new");
  });

  it("does not bring back a key deleted while its read was on the way", async () => {
    const cache = new TtlCache<string>({ ttlMs: 100 });
    const r = reads<string>();
    const loading = cache.load("k", r.read);
    cache.delete("k");
    r.answer(0, "v");
    expect(await loading).toBe("v");
    expect(cache.get("k")).toBeUndefined();
  });
});
