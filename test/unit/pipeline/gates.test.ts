import { describe, expect, it } from "vitest";
import { Semaphore, mapConcurrent } from "../../../src/review/pipeline/concurrency.js";
import { LaneGate } from "../../../src/review/pipeline/lane-gate.js";

const tick = (ms = 5): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `n` tasks of `ms` each through `run` and reports the most that ran at once. */
async function peak(n: number, run: (task: () => Promise<void>) => Promise<void>, ms = 20): Promise<number> {
  let now = 0;
  let most = 0;
  await Promise.all(
    Array.from({ length: n }, () =>
      run(async () => {
        most = Math.max(most, ++now);
        await tick(ms);
        now--;
      }),
    ),
  );
  return most;
}

describe("Semaphore", () => {
  it("lets `limit` holders in at once, the others in arrival order", async () => {
    const gate = new Semaphore(2);
    const order: number[] = [];
    await Promise.all(
      [1, 2, 3, 4].map(async (n) => {
        const release = await gate.acquire();
        order.push(n);
        await tick();
        release();
      }),
    );
    expect(order).toEqual([1, 2, 3, 4]);
    expect(
      await peak(6, async (task) => {
        const release = await gate.acquire();
        await task().finally(release);
      }),
    ).toBe(2);
  });

  it("takes a waiter whose signal aborts out of the queue", async () => {
    const gate = new Semaphore(1);
    const held = await gate.acquire();
    const controller = new AbortController();
    const waiting = gate.acquire(controller.signal);
    controller.abort(new Error("gone"));
    await expect(waiting).rejects.toThrow("gone");
    expect(gate.waiting).toBe(0);
    held();
    held(); // A second release changes nothing.
    expect(gate.inUse).toBe(0);
  });
});

describe("LaneGate", () => {
  it("bounds lanes per installation, so another account's lanes still start", async () => {
    const gate = new LaneGate({ perInstallation: 2, perProcess: 10 });
    const acme = peak(6, (task) => gate.run("acme", task));
    const other = peak(2, (task) => gate.run("Other", task));
    expect(await acme).toBe(2);
    expect(await other).toBe(2);
  });

  it("bounds lanes per process across installations", async () => {
    const gate = new LaneGate({ perInstallation: 10, perProcess: 3 });
    const owners = ["a", "b", "c", "d"];
    let i = 0;
    expect(await peak(8, (task) => gate.run(owners[i++ % 4] as string, task))).toBe(3);
    expect(gate.inFlight).toBe(0);
  });

  it("abandons a lane still waiting when its review is stopped", async () => {
    const gate = new LaneGate({ perInstallation: 1 });
    const controller = new AbortController();
    const first = gate.run("acme", () => tick(30));
    const second = gate.run("acme", () => tick(1), controller.signal);
    controller.abort(new Error("stale"));
    await expect(second).rejects.toThrow("stale");
    await first;
  });
});

describe("mapConcurrent", () => {
  it("keeps the input order and the limit", async () => {
    let now = 0;
    let most = 0;
    const out = await mapConcurrent([30, 10, 20, 5], 2, async (ms, i) => {
      most = Math.max(most, ++now);
      await tick(ms);
      now--;
      return i;
    });
    expect(out).toEqual([0, 1, 2, 3]);
    expect(most).toBe(2);
  });
});
