import { Redis } from "ioredis";
import { afterEach, describe, expect, inject, it } from "vitest";
import {
  INVOICE_FILE,
  SLICE_CODE,
  SLICE_FIX,
  finding,
  reviewAnswer,
  shownLine,
} from "../fakes/model/answers.js";
import type { ReceivedRequest } from "../fakes/model/index.js";
import { INVOICE_HEAD, INVOICE_PR } from "../fixtures/prs/invoice-pr.js";
import { startHarness, type Harness } from "./harness.js";
import { invoiceEvent, pushSha, seedInvoice, sleep, completedCheck } from "./lifecycle-support.js";

const BUGGY = SLICE_CODE;
const FIXED_CONTENT = INVOICE_HEAD.replace(BUGGY, SLICE_FIX);

/** The model reports the off-by-one wherever the diff it is shown still contains it. */
function answer(request: ReceivedRequest): string {
  const line = shownLine(request, BUGGY);
  const findings =
    line === null
      ? []
      : [
          finding({
            title: "pageOfItems returns one item too many",
            body: "`slice` excludes its end index.",
            priority: 1,
            path: INVOICE_FILE,
            start_line: line,
            original_code: BUGGY,
            suggestion: SLICE_FIX,
          }),
        ];
  return reviewAnswer(findings, { overall_explanation: "Checked.", overall_confidence_score: 0.9 });
}

function push(h: Harness, n: number, content: string): string {
  const sha = pushSha(n);
  h.github.pushHead("acme", "billing", INVOICE_PR.number, {
    sha,
    headContents: { "src/billing/invoice.ts": content },
  });
  return sha;
}

const botComments = (h: Harness) =>
  h.github.reviewComments("acme", "billing", INVOICE_PR.number) as Array<{
    body: string;
    in_reply_to_id?: number;
  }>;

describe("the finding ledger through the webhook server", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it("resolves the thread of a finding fixed by a push, with a short reply and no new review", async () => {
    h = await startHarness({ script: answer });
    seedInvoice(h.github, { config: "debounceSeconds: 0\n" });
    await h.deliver(invoiceEvent("opened"));
    await h.github.waitForRequests("pulls/create-review", 1);

    const head = push(h, 1, FIXED_CONTENT);
    await h.deliver(invoiceEvent("synchronize", { headSha: head }));
    await h.github.waitForRequests("graphql", 1);
    const deadline = Date.now() + 10_000;
    while (!h.github.threads("acme", "billing", INVOICE_PR.number)[0]?.isResolved) {
      if (Date.now() > deadline) throw new Error("thread never resolved");
      await sleep(50);
    }
    expect(h.github.requestsFor("pulls/create-review")).toHaveLength(1);
    const [thread] = h.github.threads("acme", "billing", INVOICE_PR.number);
    expect(thread?.comments.map((c) => c.body.split("\n")[0])).toEqual([
      "**[P1]** pageOfItems returns one item too many",
      `Fixed in \`${head.slice(0, 7)}\`.`,
    ]);
    expect(h.github.problems()).toEqual([]);
  });

  it("does not post a finding again when its code moves", async () => {
    h = await startHarness({ script: answer });
    seedInvoice(h.github, { config: "debounceSeconds: 0\n" });
    await h.deliver(invoiceEvent("opened"));
    await h.github.waitForRequests("pulls/create-review", 1);

    const moved = INVOICE_HEAD.replace(
      "export interface LineItem {",
      "// Items of an invoice.\n\nexport interface LineItem {",
    );
    const head = push(h, 2, moved);
    await h.deliver(invoiceEvent("synchronize", { headSha: head }));
    await completedCheck(h.github, head);
    expect(h.github.requestsFor("pulls/create-review")).toHaveLength(1);
    expect(botComments(h)).toHaveLength(1);
    expect(h.github.threads("acme", "billing", INVOICE_PR.number)[0]?.isResolved).toBe(false);
  });

  it("never raises a finding again after a 👎 on its comment", async () => {
    h = await startHarness({ script: answer });
    seedInvoice(h.github, { config: "debounceSeconds: 0\n" });
    await h.deliver(invoiceEvent("opened"));
    await h.github.waitForRequests("pulls/create-review", 1);
    const [root] = botComments(h) as unknown as Array<{ id: number }>;
    h.github.reactToReviewComment("acme", "billing", root!.id, "dana", "-1");

    const moved = INVOICE_HEAD.replace(
      "export interface Invoice {",
      "/** An invoice. */\nexport interface Invoice {",
    );
    const head = push(h, 3, moved);
    await h.deliver(invoiceEvent("synchronize", { headSha: head }));
    await completedCheck(h.github, head);
    // The model still reports it; the ledger keeps it quiet: no review, no comment.
    expect(h.model.requests).toHaveLength(2);
    expect(h.github.requestsFor("pulls/create-review")).toHaveLength(1);
    expect(botComments(h)).toHaveLength(1);
  });

  it("posts no duplicate after Redis lost the ledger", async () => {
    h = await startHarness({ script: answer });
    seedInvoice(h.github);
    await h.deliver(invoiceEvent("opened"));
    await h.github.waitForRequests("pulls/create-review", 1);
    // The job records the ledger after posting; the check run completes last.
    await completedCheck(h.github, INVOICE_PR.headSha);
    expect(botComments(h)).toHaveLength(1);

    const redis = new Redis(inject("redisUrl"));
    try {
      const keys = await redis.keys(`${h.prefix}:ledger*`);
      expect(keys.length).toBeGreaterThan(0);
      await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
    // A person asks again on the same head: a new review, but the finding is not repeated.
    await h.deliver({
      event: "issue_comment",
      payload: (await import("../fixtures/github/webhooks.js")).issueCommentCreated({
        pr: { owner: "acme", repo: "billing", number: INVOICE_PR.number, author: "dana" },
        installationId: INVOICE_PR.installationId,
        commentId: 4321,
        body: "@codex review",
        user: "dana",
      }).payload,
    });
    await h.github.waitForRequests("pulls/create-review", 2);
    expect(botComments(h)).toHaveLength(1);
    const second = h.github.requestsFor("pulls/create-review")[1]?.body as {
      comments: unknown[];
      body: string;
    };
    expect(second.comments).toEqual([]);
  });
});
