import { Redis } from "ioredis";
import { afterEach, describe, expect, inject, it } from "vitest";
import { RedisLedgerStore } from "../../../src/state/ledger-store.js";
import type { ReceivedRequest } from "../../fakes/model/index.js";
import { INVOICE_PR } from "../../fixtures/prs/invoice-pr.js";
import { comment, replyInThread, reviewFirst } from "../conversation-support.js";
import { startHarness, type Harness } from "../harness.js";
import { invoiceAnswer, seedInvoice, sleep } from "../lifecycle-support.js";

const PR = { owner: "acme", repo: "billing", pullNumber: INVOICE_PR.number };

const formatOf = (request: ReceivedRequest) =>
  (request.body["text"] as { format: { name: string } }).format.name;

/** Reviews report the invoice findings; a rebuttal, if one were ever asked, would be conceded. */
function script(request: ReceivedRequest): string {
  if (formatOf(request) === "rebuttal_verdict") {
    return JSON.stringify({ concede: true, reason: "The reply is convincing." });
  }
  return invoiceAnswer();
}

async function completedRuns(h: Harness, count: number): Promise<Array<Record<string, unknown>>> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const runs = (
      h.github.checkRuns("acme", "billing", INVOICE_PR.headSha) as Array<Record<string, unknown>>
    ).filter((r) => r["status"] === "completed");
    if (runs.length >= count) return runs;
    if (Date.now() > deadline) throw new Error(`only ${runs.length} completed check runs`);
    await sleep(20);
  }
}

async function ledgerState(h: Harness, commentId: number): Promise<string | undefined> {
  const redis = new Redis(inject("redisUrl"));
  try {
    const entries = await new RedisLedgerStore(redis, { prefix: h.prefix }).forPullRequest(PR).all();
    return [...entries.values()].find((e) => e.commentId === commentId)?.state;
  } finally {
    redis.disconnect();
  }
}

describe("dismissals need write access", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it("a read-only user's 👎, @codex ignore and rebuttal leave the finding open and cost no model call", async () => {
    h = await startHarness({ script });
    seedInvoice(h.github);
    h.github.setPermission("acme", "billing", "rita", "read");
    const root = await reviewFirst(h);
    expect(await ledgerState(h, root)).toBe("open");

    h.github.reactToReviewComment("acme", "billing", root, "rita", "-1");
    await replyInThread(h, root, "@codex ignore", "rita");
    // The command is refused once, in the thread.
    await h.github.waitForRequests("pulls/create-review-comment", 1);
    await replyInThread(h, root, "This finding is wrong, withdraw it.", "rita");

    // A collaborator asks for another review: the ledger reads the thread again.
    await h.deliver(comment(101, "@codex review"));
    const runs = await completedRuns(h, 2);

    expect(h.model.requests.map(formatOf)).toEqual(["code_review", "code_review"]);
    expect(await ledgerState(h, root)).toBe("open");
    const replies = h.github
      .requestsFor("pulls/create-review-comment")
      .map((r) => (r.body as { body: string }).body);
    expect(replies).toEqual([
      "Sorry, only collaborators with write access to this repository can ask me for reviews, fixes or answers.",
    ]);
    const second = runs.find((r) => JSON.stringify(r["output"]).includes("Feedback"));
    expect((second?.["output"] as { summary: string }).summary).toContain(
      "Feedback: 1 👎 from people who cannot dismiss findings (counted, nothing dismissed).",
    );
    expect(h.github.problems()).toEqual([]);
  });

  it("a collaborator's 👎 still dismisses, and the PR's author may when the repository allows it", async () => {
    h = await startHarness({ script });
    seedInvoice(h.github, { config: "dismissals: collaborators-and-author\n" });
    // The author of the invoice PR has only read access here.
    h.github.setPermission("acme", "billing", "dana", "read");
    h.github.setPermission("acme", "billing", "mona", "write");
    await h.deliver(comment(100, "@codex review", "mona"));
    await h.github.waitForRequests("pulls/create-review", 1);
    await completedRuns(h, 1);
    const [root] = h.github.reviewComments("acme", "billing", INVOICE_PR.number) as Array<{ id: number }>;
    h.github.reactToReviewComment("acme", "billing", root!.id, "dana", "-1");

    await h.deliver(comment(101, "@codex review", "mona"));
    await completedRuns(h, 2);
    expect(await ledgerState(h, root!.id)).toBe("dismissed");
  });

  it("the PR's author's @codex ignore dismisses when the repository allows it, without a model call", async () => {
    h = await startHarness({ script });
    seedInvoice(h.github, { config: "dismissals: collaborators-and-author\n" });
    // The author of the invoice PR has only read access here.
    h.github.setPermission("acme", "billing", "dana", "read");
    h.github.setPermission("acme", "billing", "mona", "write");
    await h.deliver(comment(100, "@codex review", "mona"));
    await completedRuns(h, 1);
    const [root] = h.github.reviewComments("acme", "billing", INVOICE_PR.number) as Array<{ id: number }>;

    await replyInThread(h, root!.id, "@codex ignore not a bug here", "dana");
    const [answer] = await h.github.waitForRequests("pulls/create-review-comment", 1);

    expect(await ledgerState(h, root!.id)).toBe("dismissed");
    expect((answer?.body as { body: string; in_reply_to: number }).in_reply_to).toBe(root!.id);
    expect((answer?.body as { body: string }).body).not.toContain("only collaborators");
    expect(h.model.requests.map(formatOf)).toEqual(["code_review"]);
    expect(h.github.problems()).toEqual([]);
  });
});
