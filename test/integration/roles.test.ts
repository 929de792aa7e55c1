import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { parseEnv } from "../../src/config/env.js";
import { startApp, type AppHandle } from "../../src/main/all.js";
import { QUEUES } from "../../src/queue/names.js";
import { freePort } from "../support/free-port.js";
import { comment } from "./conversation-support.js";
import { startHarness, type Harness } from "./harness.js";
import { invoiceAnswer, seedInvoice } from "./lifecycle-support.js";

/** Jobs waiting or active per queue of the harness, and how many BullMQ workers serve them. */
async function queueState(h: Harness) {
  const connection = new Redis(h.raw.QUEUE_REDIS_URL as string, { maxRetriesPerRequest: null });
  try {
    const state: Record<string, unknown> = {};
    let workers = 0;
    for (const name of Object.values(QUEUES)) {
      const queue = new Queue(name, { connection, prefix: h.prefix });
      state[name] = await queue.getJobCounts("waiting", "active");
      workers += await queue.getWorkersCount();
      await queue.close();
    }
    return { ...state, workers };
  } finally {
    connection.disconnect();
  }
}

describe("ROLE=web and ROLE=worker replicas on one Redis", () => {
  let h: Harness | undefined;
  const workers: AppHandle[] = [];
  afterEach(async () => {
    for (const w of workers.splice(0)) await w.stop();
    await h?.close();
    h = undefined;
  });

  it("a web-only process queues, a separate worker-only process reviews", async () => {
    h = await startHarness({ script: () => invoiceAnswer(), env: { ROLE: "web" } });
    seedInvoice(h.github);
    expect(h.app.workers).toBeUndefined();
    expect(await h.deliver(comment(601, "@codex review"))).toBe(200);
    // Nothing consumes the queue yet: the web role never reviews by itself. The webhook was
    // answered after the job was added, so it is waiting now, and no worker of any queue is there.
    expect(await queueState(h)).toEqual({
      mentions: { waiting: 1, active: 0 },
      reviews: { waiting: 0, active: 0 },
      workers: 0,
    });
    expect(h.model.requests).toHaveLength(0);

    const port = await freePort();
    const worker = await startApp(parseEnv({ ...h.raw, ROLE: "worker", PORT: String(port) }), {
      defaultMetrics: false,
    });
    workers.push(worker);
    expect(worker.web).toBeUndefined();
    await h.github.waitForRequests("pulls/create-review", 1);
    // The look above sees workers: this one is.
    expect((await queueState(h)).workers).toBeGreaterThan(0);
    expect(h.model.requests).toHaveLength(1);
    // The worker-only process still serves its health endpoints.
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    expect(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()).toContain("codex_reviews_total");
  });
});
