import { afterEach, describe, expect, it } from "vitest";
import { issueCommentCreated } from "../fixtures/github/webhooks.js";
import { offByOneAnswer } from "../fakes/model/answers.js";
import { INVOICE_PR, invoicePullRequest } from "../fixtures/prs/invoice-pr.js";
import type { Scenario } from "../fakes/model/index.js";
import { completedCheck } from "./lifecycle-support.js";
import { startHarness, type Harness } from "./harness.js";

const VALID_ANSWER = offByOneAnswer();

async function seeded(options: { answers: Array<Scenario | string> }): Promise<Harness> {
  const answers = [...options.answers];
  const h = await startHarness({ script: () => answers.shift() });
  h.github.addInstallation({
    id: INVOICE_PR.installationId,
    account: "acme",
    repositories: ["acme/billing"],
  });
  h.github.addRepo({ owner: "acme", repo: "billing" });
  h.github.addPullRequest(invoicePullRequest());
  h.github.setPermission("acme", "billing", "dana", "admin");
  return h;
}

function mention(commentId: number) {
  return issueCommentCreated({
    pr: { owner: "acme", repo: "billing", number: 42, author: "dana" },
    installationId: INVOICE_PR.installationId,
    commentId,
    body: "@codex review",
    user: "dana",
  });
}

describe("a review that cannot be completed", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it("repairs an answer that fails the schema once, showing the model its own output", async () => {
    h = await seeded({ answers: ['{"findings": "none"}', VALID_ANSWER] });
    expect(await h.deliver(mention(7001))).toBe(200);
    const [review] = await h.github.waitForRequests("pulls/create-review", 1);
    expect((review?.body as { comments: unknown[] }).comments).toHaveLength(1);
    expect(h.model.requests).toHaveLength(2);
    const repairInput = h.model.requests[1]!.body.input as Array<{ role: string; content: unknown }>;
    expect(repairInput.at(-2)).toMatchObject({ role: "assistant" });
    expect(JSON.stringify(repairInput.at(-2))).toContain('{\\"findings\\": \\"none\\"}');
    expect(JSON.stringify(repairInput.at(-1))).toContain("does not match the required JSON schema");
  });

  it("replies once and posts no review when the answer fails the schema twice", async () => {
    h = await seeded({ answers: ["not json at all", '{"findings": []}'] });
    expect(await h.deliver(mention(7002))).toBe(200);
    const [reply] = await h.github.waitForRequests("issues/create-comment", 1);
    expect((reply?.body as { body: string }).body).toBe(
      "Could not complete the review: the model's answer could not be understood. Nothing was posted; ask again later.",
    );
    await h.settled();
    expect(h.github.requestsFor("pulls/create-review")).toHaveLength(0);
    expect(h.github.requestsFor("issues/create-comment")).toHaveLength(1);
    // Not retried as a job: a second pair of model calls would cost money for the same answer.
    expect(h.model.requests).toHaveLength(2);
  });

  it("gives up at once, visibly, when the model quota is exhausted", async () => {
    h = await seeded({
      answers: [
        {
          kind: "error",
          shape: "request",
          status: 429,
          code: "insufficient_quota",
          type: "insufficient_quota",
        },
      ],
    });
    expect(await h.deliver(mention(7003))).toBe(200);
    const [reply] = await h.github.waitForRequests("issues/create-comment", 1);
    expect((reply?.body as { body: string }).body).toBe(
      "Could not complete the review: the model service quota is exhausted. Nothing was posted; ask again later.",
    );
    expect(h.model.requests).toHaveLength(1);
    // The check run fails (not neutral): someone has to fix the quota before any review can pass.
    expect(h.github.checkRuns("acme", "billing", INVOICE_PR.headSha)).toMatchObject([
      { status: "completed", conclusion: "failure" },
    ]);
    expect(h.github.requestsFor("pulls/create-review")).toHaveLength(0);
  });

  it("waits out a model rate limit, says so in the check run, and then posts the review", async () => {
    h = await seeded({
      answers: [
        {
          kind: "error",
          shape: "request",
          status: 429,
          code: "rate_limit_exceeded",
          type: "requests",
          retryAfter: "1",
        },
        VALID_ANSWER,
      ],
    });
    expect(await h.deliver(mention(7005))).toBe(200);
    await h.github.waitForRequests("pulls/create-review", 1, 20_000);
    expect(h.model.requests).toHaveLength(2);
    const titles = h.github
      .requestsFor("checks/update")
      .map((r) => (r.body as { output?: { title?: string } }).output?.title ?? "");
    expect(titles.some((t) => /^Waiting for model capacity until \d\d:\d\d UTC$/.test(t))).toBe(true);
    await completedCheck(h.github, INVOICE_PR.headSha);
    expect(h.github.requestsFor("issues/create-comment")).toHaveLength(0);
  });

  it("retries the job after GitHub fails to take the review, and posts it exactly once", async () => {
    h = await seeded({ answers: [VALID_ANSWER, VALID_ANSWER] });
    h.github.failNext("pulls/create-review", { status: 502 });
    expect(await h.deliver(mention(7004))).toBe(200);
    const attempts = await h.github.waitForRequests("pulls/create-review", 2, 20_000);
    expect(attempts.map((r) => r.status)).toEqual([502, 200]);
    expect(h.github.reviews("acme", "billing", 42)).toHaveLength(1);
    expect(h.github.requestsFor("issues/create-comment")).toHaveLength(0);
  });
});
