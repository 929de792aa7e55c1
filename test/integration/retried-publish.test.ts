import { afterEach, describe, expect, it } from "vitest";
import { INVOICE_PR } from "../fixtures/prs/invoice-pr.js";
import { startHarness, type Harness } from "./harness.js";
import {
  completedCheck,
  invoiceAnswer,
  invoiceEvent,
  pushInvoice,
  seedInvoice,
} from "./lifecycle-support.js";

type ReviewRequestBody = { commit_id: string; body: string; comments: Array<{ line: number; body: string }> };

/** Inline comments by the bot that open a thread (replies excluded), by their first line. */
function findingComments(h: Harness): string[] {
  return h.github
    .reviewComments("acme", "billing", INVOICE_PR.number)
    .filter((c) => (c["user"] as { login: string }).login === h.github.botLogin && !c["in_reply_to_id"])
    .map((c) => String(c["body"]).split("\n")[0] ?? "");
}

const summaryOf = (run: Record<string, unknown>): string => (run["output"] as { summary: string }).summary;

describe("a review POST that fails is finished from the stored review", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it("posts the stored review after a 502, without paying for the model again", async () => {
    h = await startHarness({ script: () => invoiceAnswer() });
    seedInvoice(h.github);
    h.github.failNext("pulls/create-review", { status: 502 });
    expect(await h.deliver(invoiceEvent("opened"))).toBe(200);
    const attempts = await h.github.waitForRequests("pulls/create-review", 2, 20_000);
    expect(attempts.map((r) => r.status)).toEqual([502, 200]);
    // The very review composed the first time, posted by the retry.
    const [first, second] = attempts.map((r) => r.body as ReviewRequestBody);
    expect(second).toEqual(first);
    expect(h.model.requests).toHaveLength(1);
    expect(h.github.reviews("acme", "billing", INVOICE_PR.number)).toHaveLength(1);
    const run = await completedCheck(h.github, INVOICE_PR.headSha);
    expect(run).toMatchObject({ status: "completed", conclusion: "neutral" });
    expect(summaryOf(run)).toContain("Paid model calls: 1.");
    expect(h.github.problems()).toEqual([]);
  });

  it("settles the ledger when GitHub stored the review and answered 502: the next push repeats nothing", async () => {
    h = await startHarness({ script: () => invoiceAnswer() });
    seedInvoice(h.github, { config: "debounceSeconds: 0\n" });
    h.github.failNext("pulls/create-review", { status: 502, afterStoring: true });
    expect(await h.deliver(invoiceEvent("opened"))).toBe(200);
    const run = await completedCheck(h.github, INVOICE_PR.headSha, 20_000);
    // The retry found the review by its marker: no second POST, no second model call.
    expect(h.github.requestsFor("pulls/create-review").map((r) => r.status)).toEqual([502]);
    expect(h.model.requests).toHaveLength(1);
    expect(run).toMatchObject({
      conclusion: "neutral",
      output: { title: expect.stringMatching(/3 findings/) },
    });
    expect(summaryOf(run)).toContain("Paid model calls: 1.");
    const posted = findingComments(h);
    expect(posted.length).toBeGreaterThan(0);

    // The model says the same three things about the next push: the ledger knows them all.
    const head = pushInvoice(h.github, 1);
    expect(await h.deliver(invoiceEvent("synchronize", { headSha: head }))).toBe(200);
    await completedCheck(h.github, head, 20_000);
    expect(h.model.requests).toHaveLength(2);
    expect(findingComments(h)).toEqual(posted);
    for (const review of h.github.requestsFor("pulls/create-review").slice(1)) {
      expect((review.body as ReviewRequestBody).comments).toEqual([]);
    }
    expect(h.github.problems()).toEqual([]);
  });
});
