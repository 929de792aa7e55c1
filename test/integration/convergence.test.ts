import { afterEach, describe, expect, it } from "vitest";
import { invoiceFinding, reviewAnswer } from "../fakes/model/answers.js";
import type { ReceivedRequest } from "../fakes/model/index.js";
import { INVOICE_HEAD, INVOICE_PR, headLine } from "../fixtures/prs/invoice-pr.js";
import { startHarness, type Harness } from "./harness.js";
import { completedCheck, invoiceEvent, pushSha, seedInvoice } from "./lifecycle-support.js";

const PUSHED = INVOICE_HEAD.replace(
  "  const start = page * size;",
  "  const start = Math.max(0, page) * size;",
);
const CHANGED = "  const start = Math.max(0, page) * size;";
const UNCHANGED_GUARD = "  if (percent < 0 || percent > 100) {";
const UNCHANGED_SLICE = "  return items.slice(start, start + size + 1);";

function finding(priority: number, title: string, code: string, content: string) {
  return invoiceFinding(priority, title, code, { content });
}

const input = (request: ReceivedRequest | undefined): string => JSON.stringify(request?.body["input"] ?? "");

/** The first pass finds nothing; the later one raises minor and major points on both kinds of lines. */
function answer(request: ReceivedRequest): string {
  const later = input(request).includes("later review pass");
  const findings = later
    ? [
        finding(2, "A negative page is silently clamped", CHANGED, PUSHED),
        finding(2, "NaN passes the discount range check", UNCHANGED_GUARD, PUSHED),
        finding(1, "pageOfItems returns one item too many", UNCHANGED_SLICE, PUSHED),
      ]
    : [];
  return reviewAnswer(findings, { overall_explanation: "Checked.", overall_confidence_score: 0.9 });
}

describe("reviews that converge (through the webhook)", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it("holds unchanged code to P0/P1 on a later pass and names both ends", async () => {
    h = await startHarness({ script: answer });
    seedInvoice(h.github, { config: "debounceSeconds: 0\ninlineUpToPriority: 3\n" });
    await h.deliver(invoiceEvent("opened"));
    await completedCheck(h.github, INVOICE_PR.headSha);
    expect(input(h.model.requests[0])).toContain("This review pass is exhaustive");

    const head = pushSha(1);
    h.github.pushHead("acme", "billing", INVOICE_PR.number, {
      sha: head,
      headContents: { "src/billing/invoice.ts": PUSHED },
    });
    await h.deliver(invoiceEvent("synchronize", { headSha: head }));
    const run = await completedCheck(h.github, head);
    expect(input(h.model.requests[1])).toContain(
      `changed from ${INVOICE_PR.headSha.slice(0, 7)} to ${head.slice(0, 7)}`,
    );

    const reviews = h.github.requestsFor("pulls/create-review");
    expect(reviews).toHaveLength(2);
    const later = reviews[1]?.body as { body: string; comments: Array<{ line: number; body: string }> };
    // The changed line may carry anything; unchanged code only what matters (P1 here).
    expect(later.comments.map((c) => [c.line, c.body.split("\n")[0]])).toEqual([
      [headLine(PUSHED, UNCHANGED_SLICE), "**[P1]** pageOfItems returns one item too many"],
      [headLine(PUSHED, CHANGED), "**[P2]** A negative page is silently clamped"],
    ]);
    expect(JSON.stringify(later)).not.toContain("NaN passes");
    expect(later.body).toContain(
      `Reviewed the changes \`${INVOICE_PR.headSha.slice(0, 7)}..${head.slice(0, 7)}\``,
    );
    expect((run["output"] as { summary: string }).summary).toContain(
      "Left out: 1 minor finding on code this push did not change not posted",
    );
    expect((run["output"] as { summary: string }).summary).toContain(
      "This PR so far: 0 fixed, 0 dismissed, 2 open.",
    );
  });
});
