import { afterEach, describe, expect, it } from "vitest";
import type { ReceivedRequest } from "../fakes/model/index.js";
import { comment, conversationScript, replyInThread, reviewFirst } from "./conversation-support.js";
import { startHarness, type Harness } from "./harness.js";
import { completedCheck, invoiceEvent, pushInvoice, seedInvoice } from "./lifecycle-support.js";

const formatOf = (r: ReceivedRequest): string => (r.body["text"] as { format: { name: string } }).format.name;

/** The conversation script, plus a verdict that keeps the finding when a reply argues with it. */
function script(request: ReceivedRequest): string {
  if (formatOf(request) === "rebuttal_verdict") {
    return JSON.stringify({ concede: false, reason: "The end index is still one past the page." });
  }
  return conversationScript(request);
}

const requestOf = (h: Harness, format: string) => {
  const found = h.model.requests.find((r) => formatOf(r) === format);
  if (!found) throw new Error(`no ${format} request`);
  return { input: JSON.stringify(found.body["input"]), instructions: String(found.body["instructions"]) };
};

describe("the language setting beyond the review (through the webhook server)", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    if (h) expect(h.github.problems()).toEqual([]);
    await h?.close();
    h = undefined;
  });

  it("asks for answers and thread replies in the repository's language, instructions unchanged", async () => {
    h = await startHarness({ script });
    seedInvoice(h.github, { config: "language: ja\n" });
    await h.deliver(comment(301, "@codex explain how applyDiscount rounds"));
    await h.github.waitForRequests("issues/create-comment", 1);
    const root = await reviewFirst(h);
    await replyInThread(h, root, "@codex fix this please");
    await h.github.waitForRequests("pulls/create-review-comment", 1);

    const ask = requestOf(h, "conversation_answer");
    expect(ask.input).toContain("Write your answer in Japanese (ja).");
    const thread = requestOf(h, "thread_reply");
    expect(thread.input).toContain("Write your reply in Japanese (ja).");
    // In a message of its own: the cached instructions are the same in every language.
    expect(ask.instructions + thread.instructions).not.toContain("Japanese");
  });

  it("asks for the reason kept against a reply in the repository's language", async () => {
    h = await startHarness({ script });
    seedInvoice(h.github, { config: "language: pt-BR\ndebounceSeconds: 0\n" });
    const root = await reviewFirst(h);
    await replyInThread(h, root, "This is fine, pages are one-based here.");
    const head = pushInvoice(h.github, 1);
    await h.deliver(invoiceEvent("synchronize", { headSha: head }));
    await completedCheck(h.github, head);

    const verdict = requestOf(h, "rebuttal_verdict");
    expect(verdict.input).toContain("Write the reason in Brazilian Portuguese (pt-BR).");
    expect(verdict.instructions).not.toContain("Portuguese");
    const replies = h.github
      .requestsFor("pulls/create-review-comment")
      .map((r) => (r.body as { body: string }).body);
    expect(replies.join("\n")).toContain("The end index is still one past the page.");
  });
});
