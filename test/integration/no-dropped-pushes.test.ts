import { Queue } from "bullmq";
import { afterEach, describe, expect, inject, it } from "vitest";
import { closeRedis, createRedisConnection } from "../../src/state/connection.js";
import { QUEUES } from "../../src/queue/names.js";
import { pullRequestEvent } from "../fixtures/github/webhooks.js";
import { INVOICE_PR, invoicePullRequest } from "../fixtures/prs/invoice-pr.js";
import { startHarness, type Harness } from "./harness.js";
import {
  completedCheck,
  invoiceAnswer,
  invoiceEvent,
  pushInvoice,
  seedInvoice,
  sleep,
} from "./lifecycle-support.js";

/** A second PR of the same repository, whose slow review keeps the only automatic-review worker busy. */
const OTHER = { number: 43, headSha: "4343434343434343434343434343434343434343", ref: "feature/other" };

function seedOther(h: Harness): void {
  h.github.addPullRequest(
    invoicePullRequest({ number: OTHER.number, head: { sha: OTHER.headSha, ref: OTHER.ref } }),
  );
}

function otherOpened() {
  return pullRequestEvent("opened", {
    pr: {
      owner: "acme",
      repo: "billing",
      number: OTHER.number,
      author: "dana",
      head: { sha: OTHER.headSha, ref: OTHER.ref },
      base: { sha: INVOICE_PR.baseSha, ref: "main" },
    },
    installationId: INVOICE_PR.installationId,
  });
}

/** How many of the app's automatic-review jobs are in a BullMQ state, read with a queue of our own. */
async function jobsIn(h: Harness, state: "waiting" | "prioritized" | "delayed" | "active"): Promise<number> {
  const connection = createRedisConnection(inject("redisUrl"));
  const queue = new Queue(QUEUES.reviews, { connection, prefix: h.prefix });
  try {
    return (await queue.getJobCounts(state))[state] ?? 0;
  } finally {
    await queue.close();
    await closeRedis(connection);
  }
}

/** The commit ids of the reviews posted on the invoice PR (#42). */
function reviewedHeads(h: Harness): string[] {
  return h.github
    .requestsFor("pulls/create-review")
    .filter((r) => r.path.endsWith(`/pulls/${INVOICE_PR.number}/reviews`))
    .map((r) => (r.body as { commit_id: string }).commit_id);
}

const runsOn = (h: Harness, head: string) =>
  h.github.checkRuns("acme", "billing", head) as Array<{ status: string; conclusion: string | null }>;

/** The first model request (the other PR's) answers slowly; every later one at once. */
function slowFirst(ms: number) {
  return (request: { seq: number }) =>
    request.seq === 1 ? { kind: "text" as const, text: invoiceAnswer(), ttftMs: ms } : invoiceAnswer();
}

describe("no dropped pushes: every deduplication state of a PR's automatic job ends in the newest head", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  /**
   * Two pushes on #42 while the only worker reviews #43: the first push's job is due but no worker
   * is free (BullMQ state `waiting`, or `prioritized` for a draft's quiet pass), where BullMQ drops
   * a deduplicated add.
   */
  async function twoPushesWhileBusy(draft: boolean): Promise<{ first: string; second: string }> {
    h = await startHarness({ script: slowFirst(2_500), env: { WORKER_CONCURRENCY: "1" } });
    seedInvoice(h.github, { draft, config: "debounceSeconds: 0\n" });
    seedOther(h);
    expect(await h.deliver(otherOpened())).toBe(200);
    while (h.model.requests.length === 0) await sleep(20);
    const first = pushInvoice(h.github, 1);
    expect(await h.deliver(invoiceEvent("synchronize", { headSha: first, draft }))).toBe(200);
    expect(await jobsIn(h, draft ? "prioritized" : "waiting")).toBe(1);
    const second = pushInvoice(h.github, 2);
    expect(await h.deliver(invoiceEvent("synchronize", { headSha: second, draft }))).toBe(200);
    return { first, second };
  }

  it.each([
    { state: "waiting", draft: false },
    { state: "prioritized", draft: true },
  ])("replaces a $state job with the newer push and reviews the newest head", async ({ draft }) => {
    const { first, second } = await twoPushesWhileBusy(draft);
    await h!.github.waitForRequests("pulls/create-review", 2, 20_000);
    expect(reviewedHeads(h!)).toEqual([second]);
    expect(await completedCheck(h!.github, second)).toMatchObject({ status: "completed" });
    // One queued run per push, each completed: the replaced one says where the review went.
    expect(runsOn(h!, second)).toHaveLength(1);
    expect(runsOn(h!, first)).toMatchObject([{ status: "completed", conclusion: "neutral" }]);
    expect(h!.model.requests).toHaveLength(2);
  });

  it("replaces a delayed job (debounce) with the newer push", async () => {
    h = await startHarness({ script: () => invoiceAnswer() });
    seedInvoice(h.github, { config: "debounceSeconds: 1\n" });
    const first = pushInvoice(h.github, 1);
    expect(await h.deliver(invoiceEvent("synchronize", { headSha: first }))).toBe(200);
    expect(await jobsIn(h, "delayed")).toBe(1);
    const second = pushInvoice(h.github, 2);
    expect(await h.deliver(invoiceEvent("synchronize", { headSha: second }))).toBe(200);
    await h.github.waitForRequests("pulls/create-review", 1, 15_000);
    expect(reviewedHeads(h)).toEqual([second]);
    await completedCheck(h.github, second);
    expect(runsOn(h, first)).toMatchObject([{ status: "completed", conclusion: "neutral" }]);
    expect(h.model.requests).toHaveLength(1);
  });

  it("keeps a push that arrives while the job is active and reviews it after", async () => {
    h = await startHarness({ script: slowFirst(1_500) });
    seedInvoice(h.github, { config: "debounceSeconds: 0\n" });
    const first = pushInvoice(h.github, 1);
    expect(await h.deliver(invoiceEvent("synchronize", { headSha: first }))).toBe(200);
    while (h.model.requests.length === 0) await sleep(20);
    expect(await jobsIn(h, "active")).toBe(1);
    const second = pushInvoice(h.github, 2);
    expect(await h.deliver(invoiceEvent("synchronize", { headSha: second }))).toBe(200);
    await h.github.waitForRequests("pulls/create-review", 1, 15_000);
    await completedCheck(h.github, second);
    expect(reviewedHeads(h)).toEqual([second]);
    expect(runsOn(h, first)).toMatchObject([{ status: "completed", conclusion: "neutral" }]);
    expect(runsOn(h, second)).toMatchObject([{ status: "completed" }]);
  });
});
