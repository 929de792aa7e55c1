import { afterEach, describe, expect, it } from "vitest";
import { invoiceFinding, reviewAnswer } from "../fakes/model/answers.js";
import { INVOICE_HEAD, INVOICE_PR, headLine } from "../fixtures/prs/invoice-pr.js";
import { startHarness, type Harness } from "./harness.js";
import { completedCheck, invoiceEvent, seedInvoice } from "./lifecycle-support.js";

const line = (text: string): number => headLine(INVOICE_HEAD, text);

/** A finding whose body is its title without the published format's `[Pn] ` tag. */
function finding(priority: number | null, title: string, code: string, confidence = 0.9) {
  const body = `${title.replace(/^\[P\d\] /, "")}.`;
  return invoiceFinding(priority, title, code, { body, confidence_score: confidence });
}

/** One finding of each priority, titles written the way the published format writes them. */
function answer(): string {
  return reviewAnswer(
    [
      finding(
        0,
        "[P0] Discount can exceed the total",
        "  return Math.round((totalCents * (100 - percent)) / 100);",
      ),
      finding(
        1,
        "[P1] pageOfItems returns one item too many",
        "  return items.slice(start, start + size + 1);",
      ),
      finding(2, "[P2] NaN passes the discount range check", "  if (percent < 0 || percent > 100) {"),
      finding(null, "[P3] Name the page start", "  const start = page * size;"),
      finding(
        0,
        "Maybe percent should be a fraction",
        "export function applyDiscount(totalCents: number, percent: number): number {",
        0.3,
      ),
    ],
    { overall_explanation: "Two bugs.", overall_confidence_score: 0.9 },
  );
}

interface PostedReview {
  body: string;
  comments: Array<{ path: string; line: number; body: string }>;
}

describe("quiet defaults through the webhook", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it("posts P0 and P1 inline, folds P2 and P3 with links, and drops what the model is unsure of", async () => {
    h = await startHarness({ script: () => answer() });
    seedInvoice(h.github);
    await h.deliver(invoiceEvent("opened"));
    const [request] = await h.github.waitForRequests("pulls/create-review", 1);
    const review = request?.body as PostedReview;

    expect(review.comments.map((c) => [c.line, c.body.split("\n")[0]])).toEqual([
      [
        line("  return Math.round((totalCents * (100 - percent)) / 100);"),
        "**[P0]** Discount can exceed the total",
      ],
      [
        line("  return items.slice(start, start + size + 1);"),
        "**[P1]** pageOfItems returns one item too many",
      ],
    ]);
    const folded = review.body.slice(review.body.indexOf("<details>"), review.body.indexOf("</details>"));
    expect(folded).toContain("<summary>2 lower-priority findings</summary>");
    // The model's own tag is taken off: one tag per heading, and the hint fills a missing priority.
    expect(folded).toContain("**[P2]** NaN passes the discount range check\n[");
    expect(folded).toContain("**[P3]** Name the page start\n[");
    const guard = line("  if (percent < 0 || percent > 100) {");
    expect(folded).toMatch(
      new RegExp(
        `\\(http[^)]*/acme/billing/blob/${INVOICE_PR.headSha}/src/billing/invoice\\.ts#L${guard}\\)`,
      ),
    );
    expect(review.body).not.toContain("[P0] Discount");
    expect(review.body).not.toContain("Maybe percent should be a fraction");
    expect(review.body).toContain(`Reviewed the whole pull request at \`${INVOICE_PR.headSha.slice(0, 7)}\``);

    const run = await completedCheck(h.github, INVOICE_PR.headSha);
    expect(JSON.stringify(run["output"])).toContain("1 finding below the confidence floor (0.5) not posted");
  });

  it("follows the repository's threshold and floor, and says to rename the deprecated key", async () => {
    h = await startHarness({ script: () => answer() });
    seedInvoice(h.github, { config: "minInlinePriority: 2\nminConfidence: 0.2\n" });
    await h.deliver(invoiceEvent("opened"));
    const [request] = await h.github.waitForRequests("pulls/create-review", 1);
    const review = request?.body as PostedReview;
    expect(review.comments.map((c) => c.body.split("\n")[0])).toEqual([
      "**[P0]** Discount can exceed the total",
      "**[P0]** Maybe percent should be a fraction",
      "**[P1]** pageOfItems returns one item too many",
      "**[P2]** NaN passes the discount range check",
    ]);
    expect(review.body).toContain("<summary>1 lower-priority finding</summary>");
    const run = await completedCheck(h.github, INVOICE_PR.headSha);
    expect((run["output"] as { summary: string }).summary).toContain(
      "minInlinePriority: deprecated, renamed to inlineUpToPriority (using its value, 2, until you rename it)",
    );
  });

  it("asks for the repository's language, keeping code as it is", async () => {
    h = await startHarness({ script: () => answer() });
    seedInvoice(h.github, { config: "language: ja\n" });
    await h.deliver(invoiceEvent("opened"));
    await completedCheck(h.github, INVOICE_PR.headSha);
    const sent = JSON.stringify(h.model.requests[0]?.body["input"]);
    expect(sent).toContain("Write every title, body and overall_explanation in Japanese (ja).");
    expect(sent).toContain("Keep code, identifiers, original_code and suggestions exactly as they are");
  });
});
