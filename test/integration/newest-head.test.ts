import { Redis } from "ioredis";
import { afterEach, describe, expect, inject, it } from "vitest";
import { nowIso } from "../fakes/github/state.js";
import { issueCommentCreated } from "../fixtures/github/webhooks.js";
import { INVOICE_PR } from "../fixtures/prs/invoice-pr.js";
import { startHarness, type Harness } from "./harness.js";
import {
  completedCheck,
  invoiceAnswer,
  invoiceEvent,
  pushInvoice,
  seedInvoice,
  sleep,
} from "./lifecycle-support.js";

const T = (second: number): string => `2026-03-02T10:00:${String(second).padStart(2, "0")}Z`;

function reviewedHeads(h: Harness): string[] {
  return h.github.requestsFor("pulls/create-review").map((r) => (r.body as { commit_id: string }).commit_id);
}

function mention(commentId: number) {
  return issueCommentCreated({
    pr: { owner: "acme", repo: "billing", number: INVOICE_PR.number, author: "dana" },
    installationId: INVOICE_PR.installationId,
    commentId,
    body: "@codex review",
    user: "dana",
  });
}

/** Check-run updates GitHub received for one run, in order. */
function updatesOf(h: Harness, runId: unknown): Array<{ status?: string; conclusion?: string }> {
  return h.github
    .requestsFor("checks/update")
    .filter((r) => r.path.endsWith(`/check-runs/${String(runId)}`))
    .map((r) => r.body as { status?: string; conclusion?: string });
}

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await sleep(20);
  }
}

async function modelCalled(h: Harness, count = 1): Promise<void> {
  while (h.model.requests.length < count) await sleep(20);
}

describe("always the newest head, on evidence", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it("keeps reviewing the newest head when an older synchronize is redelivered mid-review", async () => {
    h = await startHarness({ script: () => invoiceAnswer() });
    seedInvoice(h.github, { config: "debounceSeconds: 0\n" });
    const first = pushInvoice(h.github, 1);
    const firstEvent = invoiceEvent("synchronize", { headSha: first, updatedAt: T(1) });
    const second = pushInvoice(h.github, 2);
    h.model.setBehaviour({ ttftMs: 1_200 });
    expect(await h.deliver(invoiceEvent("synchronize", { headSha: second, updatedAt: T(2) }))).toBe(200);
    await modelCalled(h);
    // The operator presses "Redeliver" on the first push while the second one is being reviewed.
    expect(await h.deliver(firstEvent, { deliveryId: "0d1e2f30-0000-4000-8000-000000000001" })).toBe(200);
    await h.github.waitForRequests("pulls/create-review", 1, 15_000);
    const run = await completedCheck(h.github, second);
    expect(run).toMatchObject({ status: "completed", conclusion: "neutral" });
    expect(reviewedHeads(h)).toEqual([second]);
    // The stale event queued nothing and started no check run.
    expect(h.github.checkRuns("acme", "billing", first)).toEqual([]);
    expect(h.model.requests).toHaveLength(1);
    expect(h.github.problems()).toEqual([]);
  });

  it("reviews the real head on a mention although its synchronize was lost", async () => {
    h = await startHarness({ script: () => invoiceAnswer() });
    seedInvoice(h.github, { config: "debounceSeconds: 0\n" });
    const first = pushInvoice(h.github, 1);
    expect(await h.deliver(invoiceEvent("synchronize", { headSha: first, updatedAt: T(1) }))).toBe(200);
    await completedCheck(h.github, first);
    // A push whose webhook never arrives: the bot's record still says `first`.
    const second = pushInvoice(h.github, 2);
    h.model.setBehaviour({ ttftMs: 800 });
    expect(await h.deliver(mention(8101))).toBe(200);
    await h.github.waitForRequests("pulls/create-review", 2, 15_000);
    expect(reviewedHeads(h)).toEqual([first, second]);
    await completedCheck(h.github, second);
    expect(h.github.requestsFor("issues/create-comment")).toHaveLength(0);
  });

  it("reviews the head GitHub reports when the job starts, closing the older head's queued run", async () => {
    h = await startHarness({ script: () => invoiceAnswer() });
    seedInvoice(h.github, { config: "debounceSeconds: 0\n" });
    // The PR moved on before its `opened` event was handled.
    const moved = pushInvoice(h.github, 3);
    expect(await h.deliver(invoiceEvent("opened", { updatedAt: T(1) }))).toBe(200);
    await h.github.waitForRequests("pulls/create-review", 1);
    expect(reviewedHeads(h)).toEqual([moved]);
    expect(h.github.checkRuns("acme", "billing", INVOICE_PR.headSha)).toMatchObject([
      {
        status: "completed",
        conclusion: "neutral",
        output: { title: expect.stringMatching(/^Superseded by /) },
      },
    ]);
    expect(await completedCheck(h.github, moved)).toMatchObject({ conclusion: "neutral" });
    // Its own synchronize, late, finds the head reviewed and says so without a second review.
    expect(await h.deliver(invoiceEvent("synchronize", { headSha: moved, updatedAt: T(2) }))).toBe(200);
    await until(() => {
      const runs = h!.github.checkRuns("acme", "billing", moved) as Array<{ status: string }>;
      return runs.length === 2 && runs.every((r) => r.status === "completed");
    });
    expect(reviewedHeads(h)).toEqual([moved]);
    expect(h.model.requests).toHaveLength(1);
  });

  it("does not abandon a reopened PR's review, nor expire its memory, on a redelivered closed", async () => {
    h = await startHarness({ script: () => invoiceAnswer() });
    seedInvoice(h.github);
    const closedAt = h.github.setPullState("acme", "billing", INVOICE_PR.number, "closed");
    const closed = invoiceEvent("closed", { updatedAt: closedAt });
    const closedId = "0d1e2f30-0000-4000-8000-0000000000c1";
    expect(await h.deliver(closed, { deliveryId: closedId })).toBe(200);
    // `updated_at` has one-second resolution on GitHub too: the reopen needs a later second.
    await until(() => nowIso() > closedAt);
    const reopenedAt = h.github.setPullState("acme", "billing", INVOICE_PR.number, "open");
    h.model.setBehaviour({ ttftMs: 1_200 });
    expect(await h.deliver(invoiceEvent("reopened", { updatedAt: reopenedAt }))).toBe(200);
    await modelCalled(h);
    expect(await h.deliver(closed, { deliveryId: closedId })).toBe(200);
    await h.github.waitForRequests("pulls/create-review", 1, 15_000);
    expect(reviewedHeads(h)).toEqual([INVOICE_PR.headSha]);
    expect(await completedCheck(h.github, INVOICE_PR.headSha)).toMatchObject({ conclusion: "neutral" });
    const redis = new Redis(inject("redisUrl"));
    try {
      expect(await redis.ttl(`${h.prefix}:ledger-meta:{acme/billing#42}`)).toBe(-1);
    } finally {
      redis.disconnect();
    }
  });

  it("never rewrites the completed run of a previous head when a later push arrives", async () => {
    h = await startHarness({ script: () => invoiceAnswer() });
    seedInvoice(h.github, { config: "debounceSeconds: 0\n" });
    const first = pushInvoice(h.github, 1);
    expect(await h.deliver(invoiceEvent("synchronize", { headSha: first, updatedAt: T(1) }))).toBe(200);
    const done = await completedCheck(h.github, first);
    const before = updatesOf(h, done["id"]).length;
    const second = pushInvoice(h.github, 2);
    expect(await h.deliver(invoiceEvent("synchronize", { headSha: second, updatedAt: T(2) }))).toBe(200);
    await completedCheck(h.github, second);
    expect(updatesOf(h, done["id"])).toHaveLength(before);
    expect(h.github.checkRuns("acme", "billing", first)).toMatchObject([
      { status: "completed", conclusion: done["conclusion"] },
    ]);
  });
});
