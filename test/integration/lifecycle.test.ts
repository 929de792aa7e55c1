import { Redis } from "ioredis";
import { afterEach, describe, expect, inject, it } from "vitest";
import { checkRunRerequested, issueCommentCreated } from "../fixtures/github/webhooks.js";
import { INVOICE_PR } from "../fixtures/prs/invoice-pr.js";
import { APP_ID, startHarness, type Harness } from "./harness.js";
import {
  SLICE_LINE,
  invoiceAnswer,
  invoiceEvent,
  pushInvoice,
  seedInvoice,
  sleep,
  allChecksCompleted,
  completedCheck,
} from "./lifecycle-support.js";
import { logged } from "./log-lines.js";

type ReviewBody = { commit_id: string; body: string; comments: Array<{ line: number; body: string }> };

function reviewBodies(h: Harness): ReviewBody[] {
  return h.github.requestsFor("pulls/create-review").map((r) => r.body as ReviewBody);
}

describe("automatic reviews through the webhook server", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it("reviews a new draft quietly: only P0/P1 inline, the rest in the body, check run completed", async () => {
    h = await startHarness({ script: () => invoiceAnswer() });
    seedInvoice(h.github, { draft: true });
    expect(await h.deliver(invoiceEvent("opened", { draft: true }))).toBe(200);
    await h.github.waitForRequests("pulls/create-review", 1);
    const [review] = reviewBodies(h);
    expect(review?.commit_id).toBe(INVOICE_PR.headSha);
    expect(review?.comments.map((c) => c.line)).toEqual([SLICE_LINE]);
    expect(review?.body).toContain("NaN passes the discount range check");
    expect(review?.body).toContain("Name the magic number 100");
    const runs = await completedCheck(h.github, INVOICE_PR.headSha);
    expect(runs).toMatchObject({ name: "Codex review", status: "completed", conclusion: "neutral" });
    const statuses = h.github
      .requestsFor("checks/create")
      .concat(h.github.requestsFor("checks/update"))
      .map((r) => (r.body as { status?: string }).status);
    expect(statuses).toEqual(["queued", "in_progress", "completed"]);
    expect(h.github.problems()).toEqual([]);
  });

  it("gives a PR that becomes ready a full pass: P0/P1 inline, the rest folded in the body", async () => {
    h = await startHarness({ script: () => invoiceAnswer() });
    seedInvoice(h.github);
    expect(await h.deliver(invoiceEvent("ready_for_review"))).toBe(200);
    await h.github.waitForRequests("pulls/create-review", 1);
    expect(reviewBodies(h)[0]?.comments.map((c) => c.line)).toEqual([SLICE_LINE]);
    expect(reviewBodies(h)[0]?.body).toContain("<summary>2 lower-priority findings</summary>");
  });

  it("coalesces a burst of five pushes into one review of the last head", async () => {
    h = await startHarness({ script: () => invoiceAnswer() });
    seedInvoice(h.github, { config: "debounceSeconds: 1\n" });
    const heads: string[] = [];
    for (let n = 1; n <= 5; n++) {
      const head = pushInvoice(h.github, n);
      heads.push(head);
      expect(await h.deliver(invoiceEvent("synchronize", { headSha: head }))).toBe(200);
    }
    await h.github.waitForRequests("pulls/create-review", 1, 15_000);
    // Every job is done (a second debounced review would still be delayed or running).
    await h.settled();
    const reviews = reviewBodies(h);
    expect(reviews.map((r) => r.commit_id)).toEqual([heads[4]]);
    expect(h.model.requests).toHaveLength(1);
    // The four replaced pushes' check runs do not stay queued forever.
    for (const [i, head] of heads.slice(0, 4).entries()) {
      expect(await allChecksCompleted(h.github, head)).toMatchObject([
        {
          status: "completed",
          conclusion: "neutral",
          output: { title: `Superseded by ${heads[i + 1]!.slice(0, 7)}` },
        },
      ]);
    }
  });

  it("abandons a review when a newer push arrives mid-call, and reviews the new head instead", async () => {
    h = await startHarness({ script: () => invoiceAnswer() });
    seedInvoice(h.github, { config: "debounceSeconds: 0\n" });
    h.model.setBehaviour({ ttftMs: 1_500 });
    expect(await h.deliver(invoiceEvent("opened"))).toBe(200);
    while (h.model.requests.length === 0) await sleep(20);
    const newHead = pushInvoice(h.github, 9);
    h.model.setBehaviour({ ttftMs: 0 });
    expect(await h.deliver(invoiceEvent("synchronize", { headSha: newHead }))).toBe(200);
    await h.github.waitForRequests("pulls/create-review", 1, 20_000);
    // The abandoned job has ended too: it is no longer active, so it can post nothing later.
    await h.settled();
    expect(reviewBodies(h).map((r) => r.commit_id)).toEqual([newHead]);
    expect(await allChecksCompleted(h.github, INVOICE_PR.headSha)).toMatchObject([
      {
        status: "completed",
        conclusion: "neutral",
        output: { title: `Superseded by ${newHead.slice(0, 7)}` },
      },
    ]);
  });

  it("posts one review for the same delivery received twenty times", async () => {
    const logLines: string[] = [];
    h = await startHarness({ script: () => invoiceAnswer(), logLines });
    seedInvoice(h.github);
    const event = invoiceEvent("opened");
    const delivery = "5e7a1d2c-0000-4000-8000-00000000abcd";
    const statuses = await Promise.all(
      Array.from({ length: 20 }, () => h!.deliver(event, { deliveryId: delivery })),
    );
    expect(new Set(statuses)).toEqual(new Set([200]));
    // Each copy was answered after its handler returned: nineteen of them stopped at the claim.
    expect(logged(logLines, "duplicate delivery ignored", { delivery })).toBe(19);
    await h.github.waitForRequests("pulls/create-review", 1);
    await h.settled();
    expect(h.github.requestsFor("pulls/create-review")).toHaveLength(1);
    expect(h.model.requests).toHaveLength(1);
  });

  it("reports an invalid .github/codex.yml in the check run and reviews with defaults", async () => {
    h = await startHarness({ script: () => invoiceAnswer() });
    seedInvoice(h.github, { config: "maxInlineComments: 500\ntriggers: [oops\n" });
    expect(await h.deliver(invoiceEvent("opened"))).toBe(200);
    await h.github.waitForRequests("pulls/create-review", 1);
    // The defaults: P0/P1 inline only.
    expect(reviewBodies(h)[0]?.comments).toHaveLength(1);
    const run = await completedCheck(h.github, INVOICE_PR.headSha);
    expect(String(run["output"] && (run["output"] as { summary: string }).summary)).toContain("codex.yml");
  });

  it("drops the pending review of a PR that is closed", async () => {
    h = await startHarness({ script: () => invoiceAnswer() });
    seedInvoice(h.github, { config: "debounceSeconds: 2\n" });
    const head = pushInvoice(h.github, 3);
    expect(await h.deliver(invoiceEvent("synchronize", { headSha: head }))).toBe(200);
    expect(await h.deliver(invoiceEvent("closed", { headSha: head }))).toBe(200);
    // A job the close failed to drop would still be delayed, and settle only once it ran.
    await h.settled();
    expect(h.github.requestsFor("pulls/create-review")).toHaveLength(0);
    expect(h.model.requests).toHaveLength(0);
    expect(await allChecksCompleted(h.github, head)).toMatchObject([
      { status: "completed", conclusion: "cancelled" },
    ]);
    // The PR's finding memory now expires (LEDGER_TTL_DAYS, 14 days by default).
    const redis = new Redis(inject("redisUrl"));
    try {
      const ttl = await redis.ttl(`${h.prefix}:ledger-meta:{acme/billing#42}`);
      expect(ttl).toBeGreaterThan(13 * 24 * 3600);
      expect(ttl).toBeLessThanOrEqual(14 * 24 * 3600);
    } finally {
      redis.disconnect();
    }
  });

  it("ignores converted_to_draft by itself, then reviews later pushes quietly", async () => {
    h = await startHarness({ script: () => invoiceAnswer() });
    seedInvoice(h.github, { config: "debounceSeconds: 0\n" });
    expect(await h.deliver(invoiceEvent("converted_to_draft"))).toBe(200);
    // The webhook is answered once its handler returned: whatever it queued is in Redis by now.
    await h.settled();
    expect(h.model.requests).toHaveLength(0);
    const head = pushInvoice(h.github, 4);
    expect(await h.deliver(invoiceEvent("synchronize", { headSha: head, draft: true }))).toBe(200);
    await h.github.waitForRequests("pulls/create-review", 1);
    expect(reviewBodies(h)[0]?.comments.map((c) => c.line)).toEqual([SLICE_LINE]);
  });
});

describe("mentions and re-runs next to automatic work", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it("answers a mention while the automatic-review workers are busy", async () => {
    h = await startHarness({
      script: (request) =>
        request.seq === 1 ? { kind: "text", text: invoiceAnswer(), ttftMs: 4_000 } : invoiceAnswer(),
      env: { WORKER_CONCURRENCY: "1" },
    });
    seedInvoice(h.github);
    expect(await h.deliver(invoiceEvent("opened"))).toBe(200);
    while (h.model.requests.length === 0) await sleep(20);
    const mention = issueCommentCreated({
      pr: { owner: "acme", repo: "billing", number: INVOICE_PR.number, author: "dana" },
      installationId: INVOICE_PR.installationId,
      commentId: 5150,
      body: "@codex review",
      user: "dana",
    });
    expect(await h.deliver(mention)).toBe(200);
    await h.github.waitForRequests("pulls/create-review", 1);
    expect(reviewBodies(h)[0]?.body).toContain("/mention/");
    await h.github.waitForRequests("pulls/create-review", 2, 10_000);
  });

  it("re-runs the review when the check run's Re-run button is pressed", async () => {
    h = await startHarness({ script: () => invoiceAnswer() });
    seedInvoice(h.github);
    expect(await h.deliver(invoiceEvent("opened"))).toBe(200);
    await h.github.waitForRequests("pulls/create-review", 1);
    const run = await completedCheck(h.github, INVOICE_PR.headSha);
    const event = checkRunRerequested({
      pr: {
        owner: "acme",
        repo: "billing",
        number: INVOICE_PR.number,
        author: "dana",
        head: { sha: INVOICE_PR.headSha, ref: INVOICE_PR.headRef },
        base: { sha: INVOICE_PR.baseSha, ref: "main" },
      },
      installationId: INVOICE_PR.installationId,
      checkRunId: run["id"] as number,
      appId: APP_ID,
      sender: "dana",
    });
    expect(await h.deliver(event)).toBe(200);
    await h.github.waitForRequests("pulls/create-review", 2);
    expect(reviewBodies(h).map((r) => r.commit_id)).toEqual([INVOICE_PR.headSha, INVOICE_PR.headSha]);
    // The same run went back to in_progress and completed again; no second run was created.
    expect(h.github.checkRuns("acme", "billing", INVOICE_PR.headSha)).toHaveLength(1);
  });
});
