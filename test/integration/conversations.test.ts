import { afterEach, describe, expect, it } from "vitest";
import { pullRequestReviewSubmitted } from "../fixtures/github/webhooks.js";
import { INVOICE_HEAD, INVOICE_PR } from "../fixtures/prs/invoice-pr.js";
import {
  FIXED,
  PR,
  comment,
  conversationScript,
  replyInThread,
  reviewFirst,
} from "./conversation-support.js";
import { startHarness, type Harness } from "./harness.js";
import { SLICE_LINE, invoiceEvent, pushInvoice, seedInvoice, completedCheck } from "./lifecycle-support.js";

const issueComments = (h: Harness) =>
  h.github.requestsFor("issues/create-comment").map((r) => (r.body as { body: string }).body);
const threadReplies = (h: Harness) =>
  h.github
    .requestsFor("pulls/create-review-comment")
    .map((r) => r.body as { body: string; in_reply_to: number });

describe("@codex commands through the webhook server", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    if (h) expect(h.github.problems()).toEqual([]);
    await h?.close();
    h = undefined;
  });

  it("answers help with the usage and a typo with a hint, without a model call", async () => {
    h = await startHarness({ script: conversationScript });
    seedInvoice(h.github);
    expect(await h.deliver(comment(201, "@codex help"))).toBe(200);
    // One free reply per person per PR and hour: the typo hint goes to someone else.
    expect(await h.deliver(comment(202, "@codex reveiw", "mona"))).toBe(200);
    await h.github.waitForRequests("issues/create-comment", 2);
    const [help, typo] = issueComments(h);
    expect(help).toContain("`@codex review [focus]`");
    expect(help).toContain("`@codex apply`");
    expect(typo).toMatch(/did you mean .*review/i);
    expect(h.model.requests).toHaveLength(0);
  });

  it("answers a question in the conversation with one concise comment", async () => {
    h = await startHarness({ script: conversationScript });
    seedInvoice(h.github);
    expect(await h.deliver(comment(203, "@codex explain how applyDiscount rounds"))).toBe(200);
    await h.github.waitForRequests("issues/create-comment", 1);
    expect(issueComments(h)).toEqual(["`applyDiscount` rounds half away from zero via `Math.round`."]);
    expect(h.model.requests).toHaveLength(1);
    expect(JSON.stringify(h.model.requests[0]?.body["input"])).toContain("how applyDiscount rounds");
  });

  it("answers `fix` in a finding's thread with a suggestion for exactly that range", async () => {
    h = await startHarness({ script: conversationScript });
    seedInvoice(h.github);
    const root = await reviewFirst(h);
    await replyInThread(h, root, "@codex fix this please");
    await h.github.waitForRequests("pulls/create-review-comment", 1);
    const [reply] = threadReplies(h);
    expect(reply?.in_reply_to).toBe(root);
    expect(reply?.body).toBe(
      ["`slice` excludes its end index, so drop the `+ 1`.", "", "```suggestion", FIXED, "```"].join("\n"),
    );
    const threadRequest = h.model.requests.find((r) =>
      JSON.stringify(r.body["text"]).includes("thread_reply"),
    );
    expect(JSON.stringify(threadRequest?.body["input"])).toContain("fix this please");
  });

  it("commits the bot's suggestions with `apply`, and finds nothing to do the second time", async () => {
    h = await startHarness({ script: conversationScript });
    seedInvoice(h.github);
    await reviewFirst(h);
    expect(await h.deliver(comment(204, "@codex apply"))).toBe(200);
    await h.github.waitForRequests("git/update-ref", 1);
    const newHead = h.github.resolveRef("acme", "billing", INVOICE_PR.headRef);
    expect(newHead).not.toBe(INVOICE_PR.headSha);
    expect(h.github.fileAt("acme", "billing", newHead!, "src/billing/invoice.ts")).toBe(
      INVOICE_HEAD.replace("  return items.slice(start, start + size + 1);", FIXED),
    );
    const commit = h.github.requestsFor("git/create-commit")[0]?.body as {
      message: string;
      parents: string[];
    };
    expect(commit.parents).toEqual([INVOICE_PR.headSha]);
    expect(commit.message).toMatch(/^Apply 1 suggestion from code review/);
    expect(commit.message).toMatch(/Co-authored-by: dana </);
    await h.github.waitForRequests("issues/create-comment", 1);
    expect(issueComments(h)[0]).toMatch(/^Committed 1 suggestion in [0-9a-f]{7}:/);

    expect(await h.deliver(comment(205, "@codex apply"))).toBe(200);
    await h.github.waitForRequests("issues/create-comment", 2);
    expect(issueComments(h)[1]).not.toMatch(/^Committed/);
    expect(h.github.requestsFor("git/update-ref")).toHaveLength(1);
  });

  it("dismisses a finding with `ignore` in its thread", async () => {
    h = await startHarness({ script: conversationScript });
    seedInvoice(h.github, { config: "debounceSeconds: 0\n" });
    const root = await reviewFirst(h);
    await replyInThread(h, root, "@codex ignore we accept the extra item");
    await h.github.waitForRequests("pulls/create-review-comment", 1);
    expect(threadReplies(h)[0]?.in_reply_to).toBe(root);
    const head = pushInvoice(h.github, 7);
    expect(await h.deliver(invoiceEvent("synchronize", { headSha: head }))).toBe(200);
    await completedCheck(h.github, head);
    const posted = h.github
      .requestsFor("pulls/create-review")
      .map((r) => r.body as { comments: Array<{ line: number }> });
    expect(posted.flatMap((r) => r.comments).filter((c) => c.line === SLICE_LINE)).toHaveLength(1);
  });

  it("pauses and resumes automatic reviews of a PR", async () => {
    h = await startHarness({ script: conversationScript });
    seedInvoice(h.github, { config: "debounceSeconds: 0\n" });
    expect(await h.deliver(comment(206, "@codex pause"))).toBe(200);
    await h.github.waitForRequests("issues/create-comment", 1);
    expect(issueComments(h)[0]).toMatch(/^Automatic reviews of this pull request are paused/);
    const quiet = pushInvoice(h.github, 8);
    expect(await h.deliver(invoiceEvent("synchronize", { headSha: quiet }))).toBe(200);
    await h.settled();
    expect(h.model.requests).toHaveLength(0);

    expect(await h.deliver(comment(207, "@codex resume"))).toBe(200);
    await h.github.waitForRequests("issues/create-comment", 2);
    const loud = pushInvoice(h.github, 9);
    expect(await h.deliver(invoiceEvent("synchronize", { headSha: loud }))).toBe(200);
    await h.github.waitForRequests("pulls/create-review", 1);
    expect((h.github.requestsFor("pulls/create-review")[0]?.body as { commit_id: string }).commit_id).toBe(
      loud,
    );
  });

  it("hears a mention in a review body and in an edited comment, once", async () => {
    h = await startHarness({ script: conversationScript });
    seedInvoice(h.github);
    const submitted = pullRequestReviewSubmitted({
      pr: PR,
      installationId: INVOICE_PR.installationId,
      review: { id: 9911, body: "Looks close. @codex review the pagination", user: "dana" },
    });
    expect(await h.deliver(submitted)).toBe(200);
    await h.github.waitForRequests("pulls/create-review", 1);
    expect(JSON.stringify(h.model.requests[0]?.body["input"])).toContain("the pagination");

    const edited = comment(208, "@codex explain the rounding");
    edited.payload["action"] = "edited";
    edited.payload["changes"] = { body: { from: "what about the rounding?" } };
    expect(await h.deliver(edited)).toBe(200);
    const again = comment(208, "@codex explain the rounding, please");
    again.payload["action"] = "edited";
    again.payload["changes"] = { body: { from: "@codex explain the rounding" } };
    expect(await h.deliver(again)).toBe(200);
    await h.github.waitForRequests("issues/create-comment", 1);
    await h.settled();
    expect(h.model.requests).toHaveLength(2);
  });

  it("refuses people without write access once per PR, with no model call", async () => {
    h = await startHarness({ script: conversationScript });
    seedInvoice(h.github);
    h.github.setPermission("acme", "billing", "visitor", "read");
    expect(await h.deliver(comment(209, "@codex explain everything", "visitor"))).toBe(200);
    expect(await h.deliver(comment(210, "@codex apply", "visitor"))).toBe(200);
    await h.github.waitForRequests("issues/create-comment", 1);
    await h.settled();
    expect(issueComments(h)).toEqual([
      "Sorry, only collaborators with write access to this repository can ask me for reviews, fixes or answers.",
    ]);
    expect(h.model.requests).toHaveLength(0);
    expect(h.github.requestsFor("git/create-commit")).toHaveLength(0);
  });
});
