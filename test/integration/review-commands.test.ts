import { afterEach, describe, expect, it } from "vitest";
import { comment } from "./conversation-support.js";
import { INVOICE_PR } from "../fixtures/prs/invoice-pr.js";
import { startHarness, type Harness } from "./harness.js";
import { completedCheck, invoiceAnswer, pushInvoice, pushSha, seedInvoice } from "./lifecycle-support.js";

let comments = 7000;
const short = (sha: string): string => sha.slice(0, 7);

function mention(h: Harness, body: string) {
  const commentId = ++comments;
  return h.deliver(comment(commentId, body));
}

const diffShown = (h: Harness, n: number): string =>
  JSON.stringify(h.model.requests[n]?.body["input"] ?? "").split("Diffs to review:")[1] ?? "";

async function reply(h: Harness, n: number): Promise<string> {
  const replies = await h.github.waitForRequests("issues/create-comment", n);
  return (replies[n - 1]?.body as { body: string }).body;
}

describe("@codex review with a range, full or globs (through the webhook)", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  async function start(): Promise<{ h: Harness; pushed: string }> {
    const harness = await startHarness({ script: () => invoiceAnswer() });
    seedInvoice(harness.github, { config: "triggers: {ready: false, pushes: false}\n" });
    const pushed = pushInvoice(harness.github, 1);
    h = harness;
    return { h: harness, pushed };
  }

  it("reviews exactly a range of the PR's commits and names both ends", async () => {
    const { h, pushed } = await start();
    expect(await mention(h, `@codex review ${short(INVOICE_PR.headSha)}..${short(pushed)}`)).toBe(200);
    const [posted] = await h.github.waitForRequests("pulls/create-review", 1);
    expect(diffShown(h, 0)).toContain("revision 1");
    expect(diffShown(h, 0)).not.toContain("discount out of range");
    expect(h.github.requestsFor("repos/compare-commits").map((r) => r.path)).toEqual([
      `/repos/acme/billing/compare/${INVOICE_PR.headSha}...${pushed}`,
    ]);
    expect((posted?.body as { body: string }).body).toContain(
      `Reviewed the changes \`${short(INVOICE_PR.headSha)}..${short(pushed)}\``,
    );
  });

  it.each([
    [
      "an unknown commit",
      () => `deadbee..${short(pushSha(1))}`,
      "`deadbee` is not a commit of this pull request.",
    ],
    [
      "a range ending outside the PR (at its base)",
      () => `${short(pushSha(1))}..${short(INVOICE_PR.baseSha)}`,
      `\`${short(INVOICE_PR.baseSha)}\` is not a commit of this pull request.`,
    ],
    [
      "a backwards range",
      () => `${short(pushSha(1))}..${short(INVOICE_PR.headSha)}`,
      "is empty or backwards",
    ],
  ])("answers %s clearly and calls no model", async (_label, range, expected) => {
    const { h } = await start();
    expect(await mention(h, `@codex review ${range()}`)).toBe(200);
    const text = await reply(h, 1);
    expect(text).toContain(expected);
    expect(text).toContain("`@codex review abc1234..def5678`");
    expect(h.model.requests).toHaveLength(0);
    expect(h.github.requestsFor("pulls/create-review")).toHaveLength(0);
  });

  it("restricts a review to the files a glob matches", async () => {
    const { h } = await start();
    expect(await mention(h, "@codex review CHANGELOG.md")).toBe(200);
    const [posted] = await h.github.waitForRequests("pulls/create-review", 1);
    expect(diffShown(h, 0)).toContain("## file: CHANGELOG.md");
    expect(diffShown(h, 0)).not.toContain("src/billing/invoice.ts");
    expect((posted?.body as { body: string }).body).toContain("Reviewed 1 matching file at");
  });

  it("says so when a glob matches none of the changed files", async () => {
    const { h } = await start();
    expect(await mention(h, "@codex review docs/** lib/*.rb")).toBe(200);
    expect(await reply(h, 1)).toContain(
      "`docs/**`, `lib/*.rb` match none of the 2 files this pull request changes.",
    );
    expect(h.model.requests).toHaveLength(0);
  });

  it("re-reviews the whole PR on `review full`, without repeating an open thread", async () => {
    const { h, pushed } = await start();
    expect(await mention(h, "@codex review full")).toBe(200);
    await h.github.waitForRequests("pulls/create-review", 1);
    await completedCheck(h.github, pushed);
    expect(await mention(h, "@codex review full please")).toBe(200);
    const reviews = await h.github.waitForRequests("pulls/create-review", 2);
    expect(diffShown(h, 1)).toContain("discount out of range");
    expect(diffShown(h, 1)).toContain("revision 1");
    const inline = reviews.map((r) => (r.body as { comments: unknown[] }).comments.length);
    expect(inline).toEqual([1, 0]);
  });

  it("answers a malformed range with the usage and queues nothing", async () => {
    const { h } = await start();
    expect(await mention(h, "@codex review main..feature")).toBe(200);
    const text = await reply(h, 1);
    expect(text).toContain("is not a commit range");
    expect(text).toContain("`@codex review full`");
    expect(h.model.requests).toHaveLength(0);
  });
});
