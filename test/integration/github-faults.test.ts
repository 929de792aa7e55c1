import { Worker, UnrecoverableError } from "bullmq";
import { Redis } from "ioredis";
import { afterEach, describe, expect, inject, it } from "vitest";
import { issueCommentCreated } from "../fixtures/github/webhooks.js";
import { INVOICE_PR } from "../fixtures/prs/invoice-pr.js";
import { QUEUES } from "../../src/queue/names.js";
import { PrState } from "../../src/state/pr-state.js";
import { RedisOpenCheckRuns } from "../../src/state/open-check-runs.js";
import {
  allChecksCompleted,
  completedCheck,
  invoiceAnswer,
  invoiceEvent,
  seedInvoice,
} from "./lifecycle-support.js";
import { startHarness, type Harness } from "./harness.js";

function mention(commentId: number) {
  return issueCommentCreated({
    pr: { owner: "acme", repo: "billing", number: INVOICE_PR.number, author: "dana" },
    installationId: INVOICE_PR.installationId,
    commentId,
    body: "@codex review",
    user: "dana",
  });
}

const statusesOf = (h: Harness, operationId: string) =>
  h.github.requestsFor(operationId).map((r) => r.status);

describe("GitHub misbehaving", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it("retries failed reads inside the job: one try, one model call, one review", async () => {
    h = await startHarness({ script: () => invoiceAnswer() });
    seedInvoice(h.github);
    h.github.failNext("pulls/get", { status: 502 }, 2);
    h.github.failNext("pulls/list-files", { status: 429, headers: { "retry-after": "1" } });
    h.github.failNext("repos/get-collaborator-permission-level", {
      status: 403,
      headers: { "retry-after": "1" },
    });
    expect(await h.deliver(mention(8101))).toBe(200);
    await h.github.waitForRequests("pulls/create-review", 1, 20_000);
    const run = await completedCheck(h.github, INVOICE_PR.headSha);
    expect(run).toMatchObject({ status: "completed", conclusion: "neutral" });
    expect(h.github.requestsFor("pulls/create-review")).toHaveLength(1);
    expect(h.model.requests).toHaveLength(1);
    expect(statusesOf(h, "pulls/list-files").slice(0, 2)).toEqual([429, 200]);
    expect(statusesOf(h, "repos/get-collaborator-permission-level")).toEqual([403, 200]);
    expect(statusesOf(h, "pulls/get").filter((s) => s === 502)).toHaveLength(2);
    expect(h.github.problems()).toEqual([]);
  });

  it("answers the webhook and reviews with defaults when the settings file cannot be read", async () => {
    h = await startHarness({ script: () => invoiceAnswer() });
    seedInvoice(h.github);
    // More failures than the request retries absorb: the web server's read gives up.
    h.github.failNext("repos/get-content", { status: 502 }, 5);
    expect(await h.deliver(mention(8102))).toBe(200);
    await h.github.waitForRequests("pulls/create-review", 1, 20_000);
    await completedCheck(h.github, INVOICE_PR.headSha);
    expect(h.github.requestsFor("pulls/create-review")).toHaveLength(1);
  });

  it("makes one check run when GitHub stores the create and answers 502", async () => {
    h = await startHarness({ script: () => invoiceAnswer() });
    seedInvoice(h.github);
    h.github.failNext("checks/create", { status: 502, afterStoring: true });
    expect(await h.deliver(invoiceEvent("opened"))).toBe(200);
    await h.github.waitForRequests("pulls/create-review", 1, 20_000);
    const run = await completedCheck(h.github, INVOICE_PR.headSha);
    expect(run).toMatchObject({ conclusion: "neutral", external_id: `${INVOICE_PR.headSha}/full` });
    // The webhook's lost create is found again, never repeated. When the worker made the request's
    // run while the webhook waited to look, the webhook's run ends at once as a duplicate.
    const runs = await allChecksCompleted(h.github, INVOICE_PR.headSha);
    expect(runs.filter((r) => (r["output"] as { title: string }).title !== "Duplicate")).toHaveLength(1);
    expect(statusesOf(h, "checks/create")[0]).toBe(502);
    expect(statusesOf(h, "checks/create").filter((s) => s === 201).length).toBe(runs.length - 1);
    expect(h.github.requestsFor("checks/list-for-ref").length).toBeGreaterThanOrEqual(1);
  });

  it("retries the final check-run update until the run is completed", async () => {
    h = await startHarness({ script: () => invoiceAnswer() });
    seedInvoice(h.github);
    let updates = 0;
    h.github.onRequest((request) => {
      // Fail the two attempts after the review is posted: the completion.
      if (request.operationId === "pulls/create-review")
        h?.github.failNext("checks/update", { status: 502 }, 2);
      if (request.operationId === "checks/update") updates++;
    });
    expect(await h.deliver(mention(8103))).toBe(200);
    const run = await completedCheck(h.github, INVOICE_PR.headSha, 20_000);
    expect(run["status"]).toBe("completed");
    expect(statusesOf(h, "checks/update").slice(-3)).toEqual([502, 502, 200]);
    expect(updates).toBeGreaterThanOrEqual(3);
  });
});

describe("every check run ends", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it("completes the run of a job BullMQ failed without running the review", async () => {
    h = await startHarness({ script: () => invoiceAnswer(), env: { ROLE: "web" } });
    seedInvoice(h.github, { config: "debounceSeconds: 0\n" });
    expect(await h.deliver(invoiceEvent("opened"))).toBe(200);
    await h.github.waitForRequests("checks/create", 1);
    const redis = new Redis(inject("redisUrl"), { maxRetriesPerRequest: null });
    const registry = new RedisOpenCheckRuns(redis, h.prefix);
    const memory = new PrState(redis, h.prefix);
    const pr = { owner: "acme", repo: "billing", pullNumber: INVOICE_PR.number };
    const key = `${INVOICE_PR.headSha}/full`;
    // The queued run is recorded once the web server settled it.
    while ((await memory.checkRun(pr, key)) === null) await new Promise((r) => setTimeout(r, 20));
    // A foreign consumer fails the job the way BullMQ fails a job that stalled too often.
    const killer = new Worker(
      QUEUES.reviews,
      () => {
        throw new UnrecoverableError("job stalled more than allowable limit");
      },
      { connection: redis, prefix: h.prefix },
    );
    const { startApp } = await import("../../src/main/all.js");
    const { parseEnv } = await import("../../src/config/env.js");
    try {
      await new Promise<void>((resolve) => killer.on("failed", () => resolve()));
      await killer.close();
      // A worker process starts: its failed-job listener is late, its start-up sweep is not.
      const worker = await startApp(parseEnv({ ...h.raw, ROLE: "worker", PORT: "0", JOB_LOCK_MS: "1000" }), {
        defaultMetrics: false,
      });
      try {
        const run = await completedCheck(h.github, INVOICE_PR.headSha, 15_000);
        expect(run).toMatchObject({ status: "completed", conclusion: "neutral" });
        expect(String((run["output"] as { title: string }).title)).toContain("interrupted");
        expect(await registry.idle(0)).toEqual([]);
      } finally {
        await worker.stop();
      }
    } finally {
      await killer.close();
      await redis.quit();
    }
    expect(h.github.requestsFor("pulls/create-review")).toHaveLength(0);
  });
});
