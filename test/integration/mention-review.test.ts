import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { REVIEW_INSTRUCTIONS } from "../../src/review/prompt/instructions.js";
import {
  GUARD_CODE,
  GUARD_LINE,
  INVOICE_FILE,
  SLICE_CODE,
  SLICE_FIX,
  SLICE_LINE,
  finding,
  reviewAnswer,
} from "../fakes/model/answers.js";
import { issueCommentCreated } from "../fixtures/github/webhooks.js";
import { INVOICE_PR, invoicePullRequest } from "../fixtures/prs/invoice-pr.js";
import { startHarness, type Harness } from "./harness.js";
import { logged } from "./log-lines.js";

/** What the model answers: two placeable findings with suggestions, one on a file outside the diff. */
function answer(): string {
  return reviewAnswer(
    [
      finding({
        title: "pageOfItems returns one item too many",
        body: "`slice` excludes its end index, so `start + size + 1` yields `size + 1` items per page.",
        priority: 1,
        confidence_score: 0.93,
        path: INVOICE_FILE,
        start_line: SLICE_LINE,
        original_code: SLICE_CODE,
        suggestion: SLICE_FIX,
      }),
      finding({
        title: "NaN passes the discount range check",
        body: "`NaN < 0` and `NaN > 100` are both false, so a NaN percent yields a NaN total.",
        priority: 2,
        confidence_score: 0.8,
        path: INVOICE_FILE,
        start_line: GUARD_LINE,
        end_line: GUARD_LINE + 2,
        original_code: [
          GUARD_CODE,
          "    throw new RangeError(`discount out of range: ${percent}`);",
          "  }",
        ].join("\n"),
        suggestion: [
          "  if (!Number.isFinite(percent) || percent < 0 || percent > 100) {",
          "    throw new RangeError(`discount out of range: ${percent}`);",
          "  }",
        ].join("\n"),
      }),
      finding({
        title: "Currency codes are not validated",
        body: "`formatCents` trusts `currency.code`.",
        priority: 3,
        confidence_score: 0.4,
        path: "src/billing/currency.ts",
        start_line: 3,
        original_code: "export type Currency = { code: string };",
      }),
    ],
    {
      overall_correctness: "patch is incorrect",
      overall_explanation: "The pagination helper returns one extra item per page.",
      overall_confidence_score: 0.88,
    },
  );
}

const DELIVERY = "d0c4e7a2-0001-4a5b-9c1d-000000000001";

function mention(commentId: number, body = "@codex review") {
  return issueCommentCreated({
    pr: {
      owner: "acme",
      repo: "billing",
      number: 42,
      author: "dana",
      head: { sha: INVOICE_PR.headSha, ref: INVOICE_PR.headRef },
      base: { sha: INVOICE_PR.baseSha, ref: "main" },
    },
    installationId: INVOICE_PR.installationId,
    commentId,
    body,
    user: "dana",
  });
}

/**
 * Each case has its own app, fake GitHub, fake model and queue prefix: what it counts is what it
 * did, whatever ran before it.
 */
describe("@codex review in a PR conversation (real web server, worker and Redis)", () => {
  let h: Harness;
  let logLines: string[];

  beforeEach(async () => {
    logLines = [];
    h = await startHarness({ script: () => answer(), logLines });
    h.github.addInstallation({
      id: INVOICE_PR.installationId,
      account: "acme",
      repositories: ["acme/billing"],
    });
    // Every priority inline and a low confidence floor: this file is about placement, not the defaults.
    h.github.addRepo({
      owner: "acme",
      repo: "billing",
      files: { main: { ".github/codex.yml": "inlineUpToPriority: 3\nminConfidence: 0.3\n" } },
    });
    h.github.addPullRequest(invoicePullRequest());
    h.github.setPermission("acme", "billing", "dana", "write");
  });
  afterEach(async () => {
    await h?.close();
  });

  /** Asks for a review and waits until it is acknowledged, posted and its job is done. */
  async function reviewed(): Promise<void> {
    expect(await h.deliver(mention(9001), { deliveryId: DELIVERY })).toBe(200);
    await h.github.waitForRequests("reactions/create-for-issue-comment", 1);
    await h.github.waitForRequests("pulls/create-review", 1);
    await h.settled();
  }

  it("reacts with 👀 and posts one review with suggestions on the exact lines", async () => {
    const status = await h.deliver(mention(9001), { deliveryId: DELIVERY });
    expect(status).toBe(200);
    // The webhook is acknowledged before any review work: the review cannot exist yet.
    expect(h.github.requestsFor("pulls/create-review")).toHaveLength(0);

    const [review] = await h.github.waitForRequests("pulls/create-review", 1);
    // The 👀 is sent while the webhook is handled, without waiting for GitHub's answer.
    const reactions = await h.github.waitForRequests("reactions/create-for-issue-comment", 1);
    expect(reactions.map((r) => [r.path, r.body])).toEqual([
      ["/repos/acme/billing/issues/comments/9001/reactions", { content: "eyes" }],
    ]);

    expect(review?.status).toBe(200);
    const body = review?.body as {
      commit_id: string;
      event: string;
      body: string;
      comments: Array<Record<string, unknown>>;
    };
    expect(body.commit_id).toBe(INVOICE_PR.headSha);
    expect(body.event).toBe("COMMENT");
    expect(body.comments.map(({ body: _b, ...anchor }) => anchor)).toEqual([
      { path: "src/billing/invoice.ts", line: SLICE_LINE, side: "RIGHT" },
      {
        path: "src/billing/invoice.ts",
        start_line: GUARD_LINE,
        start_side: "RIGHT",
        line: GUARD_LINE + 2,
        side: "RIGHT",
      },
    ]);
    // Each inline comment ends with the ledger's hidden fingerprint marker.
    const marker = /\n\n<!-- codex-finding:[0-9a-f]{16} -->$/;
    expect(body.comments.every((c) => marker.test(String(c.body)))).toBe(true);
    const [slice, guard] = body.comments.map((c) => String(c.body).replace(marker, ""));
    expect(slice).toBe(
      [
        "**[P1]** pageOfItems returns one item too many",
        "",
        "`slice` excludes its end index, so `start + size + 1` yields `size + 1` items per page.",
        "",
        "```suggestion",
        "  return items.slice(start, start + size);",
        "```",
      ].join("\n"),
    );
    expect(guard).toBe(
      [
        "**[P2]** NaN passes the discount range check",
        "",
        "`NaN < 0` and `NaN > 100` are both false, so a NaN percent yields a NaN total.",
        "",
        "```suggestion",
        "  if (!Number.isFinite(percent) || percent < 0 || percent > 100) {",
        "    throw new RangeError(`discount out of range: ${percent}`);",
        "  }",
        "```",
      ].join("\n"),
    );
    // The finding on a file outside the diff is listed in the body, never put on a guessed line.
    expect(body.body).toContain("Currency codes are not validated");
    expect(body.body).toContain("src/billing/currency.ts");
    expect(body.body).toContain(
      "<!-- codex-spark-bot:review acme/billing#42/mention/d0c4e7a2-0001-4a5b-9c1d-000000000001 -->",
    );

    expect(h.github.violations).toEqual([]);
    expect(h.github.unexpected).toEqual([]);
  });

  it("sends the model one strict, store-less request with a line-numbered diff", async () => {
    await reviewed();
    expect(h.model.requests).toHaveLength(1);
    const request = h.model.requests[0]!;
    expect(request.transport).toBe("ws");
    const sent = request.body as Record<string, unknown>;
    expect(sent).toMatchObject({
      type: "response.create",
      model: "gpt-5.3-codex-spark",
      store: false,
      instructions: REVIEW_INSTRUCTIONS,
      reasoning: { effort: "low" },
      max_output_tokens: 8000,
      prompt_cache_key: "codex-review:acme/billing",
      text: { format: { type: "json_schema", name: "code_review", strict: true } },
    });
    expect(sent).not.toHaveProperty("stream");
    const input = JSON.stringify(sent.input);
    expect(input).toContain(`${SLICE_LINE}`);
    expect(input).toContain("return items.slice(start, start + size + 1);");
    expect(input).toContain("Add discounts and paged invoice items");
  });

  it("treats a redelivery of the same webhook as a no-op", async () => {
    await reviewed();
    expect(await h.deliver(mention(9001), { deliveryId: DELIVERY })).toBe(200);
    // It stopped at the delivery's claim, before its handler could queue or react.
    expect(logged(logLines, "duplicate delivery ignored", { delivery: DELIVERY })).toBe(1);
    await h.settled();
    expect(h.github.requestsFor("pulls/create-review")).toHaveLength(1);
    expect(h.github.requestsFor("reactions/create-for-issue-comment")).toHaveLength(1);
    expect(h.model.requests).toHaveLength(1);
  });

  it("rejects an unsigned or wrongly signed delivery and queues nothing", async () => {
    const bad = await h.deliver(mention(9002), { signature: "sha256=" + "0".repeat(64) });
    expect(bad).toBeGreaterThanOrEqual(400);
    expect(bad).toBeLessThan(500);
    await h.settled();
    expect(h.github.requestsFor("reactions/create-for-issue-comment")).toHaveLength(0);
    expect(h.github.requestsFor("pulls/create-review")).toHaveLength(0);
    expect(h.model.requests).toHaveLength(0);
    // The same mention, signed, is reviewed: the refusal above was the signature's doing.
    await reviewed();
  });

  it("ignores bots, its own comments, plain issues and comments that do not address it", async () => {
    const bot = mention(9003);
    (bot.payload.sender as Record<string, unknown>).type = "Bot";
    (bot.payload.comment as { user: Record<string, unknown> }).user.type = "Bot";
    const plainIssue = mention(9004);
    delete (plainIssue.payload.issue as Record<string, unknown>).pull_request;
    const chatter = mention(9005, "Thanks, I will ask codex later");
    for (const event of [bot, plainIssue, chatter]) expect(await h.deliver(event)).toBe(200);
    // Each handler returned before its webhook was answered: anything it queued is in Redis.
    await h.settled();
    expect(h.github.requestsFor("reactions/create-for-issue-comment")).toHaveLength(0);
    expect(h.github.requestsFor("issues/create-comment")).toHaveLength(0);
    expect(h.github.requestsFor("pulls/create-review")).toHaveLength(0);
    expect(h.model.requests).toHaveLength(0);
  });

  it("answers someone without write access once, without calling the model", async () => {
    h.github.setPermission("acme", "billing", "drive-by", "read");
    const event = issueCommentCreated({
      pr: { owner: "acme", repo: "billing", number: 42, author: "dana" },
      installationId: INVOICE_PR.installationId,
      commentId: 9006,
      body: "@codex review",
      user: "drive-by",
    });
    expect(await h.deliver(event)).toBe(200);
    const [reply] = await h.github.waitForRequests("issues/create-comment", 1);
    expect(reply?.path).toBe("/repos/acme/billing/issues/42/comments");
    expect((reply?.body as { body: string }).body).toBe(
      "Sorry, only collaborators with write access to this repository can ask me for reviews, fixes or answers.",
    );
    await h.settled();
    expect(h.github.requestsFor("issues/create-comment")).toHaveLength(1);
    expect(h.model.requests).toHaveLength(0);
    expect(h.github.requestsFor("pulls/create-review")).toHaveLength(0);
  });
});
