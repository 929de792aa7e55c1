import { afterEach, describe, expect, it } from "vitest";
import type { ReceivedRequest } from "../fakes/model/index.js";
import { invoiceFinding, reviewAnswer, shownLine } from "../fakes/model/answers.js";
import { INVOICE_HEAD, INVOICE_PR } from "../fixtures/prs/invoice-pr.js";
import type { WebhookEvent } from "../fixtures/github/webhooks.js";
import { startHarness, type Harness } from "./harness.js";
import { completedCheck, invoiceEvent, pushSha, seedInvoice, sleep } from "./lifecycle-support.js";

const SLICE = "  return items.slice(start, start + size + 1);";
const GUARD = "  if (percent < 0 || percent > 100) {";
const START = "  const start = page * size;";
const THROW = "    throw new RangeError(`discount out of range: ${percent}`);";
const FIXED_CONTENT = INVOICE_HEAD.replace(SLICE, "  return items.slice(start, start + size);");

/** Four findings; the off-by-one only while the diff the model is shown still has it. */
function answer(request: ReceivedRequest): string {
  const buggy = shownLine(request, SLICE) !== null;
  const findings = [
    ...(buggy ? [invoiceFinding(1, "pageOfItems returns one item too many", SLICE)] : []),
    invoiceFinding(0, "NaN passes the discount range check", GUARD),
    invoiceFinding(1, "A negative page gives a negative start", START),
    invoiceFinding(1, "The error message leaks the raw input", THROW),
  ];
  return reviewAnswer(findings, { overall_explanation: "Checked.", overall_confidence_score: 0.9 });
}

/** The `codex_findings_*` samples of `/metrics`, one line each, sorted. */
async function findingSamples(h: Harness): Promise<string[]> {
  const text = await (await fetch(`http://127.0.0.1:${h.app.web?.port ?? 0}/metrics`)).text();
  return text
    .split("\n")
    .filter((line) => line.startsWith("codex_findings_"))
    .sort();
}

function closedEvent(merged: boolean): WebhookEvent {
  const event = invoiceEvent("closed", { headSha: pushSha(1) });
  const pull = event.payload["pull_request"] as Record<string, unknown>;
  pull["merged"] = merged;
  return event;
}

const repo = 'repository="acme/billing"';

describe("measured value through the webhook server", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it("counts a PR's lifetime exactly once: posted, fixed by a push, dismissed by whom, open at merge", async () => {
    h = await startHarness({ script: answer });
    seedInvoice(h.github, { config: "debounceSeconds: 0\n" });
    h.github.setPermission("acme", "billing", "erin", "write");
    await h.deliver(invoiceEvent("opened"), { deliveryId: "opened-1" });
    await completedCheck(h.github, INVOICE_PR.headSha);
    // The same delivery again changes nothing.
    await h.deliver(invoiceEvent("opened"), { deliveryId: "opened-1" });

    const roots = h.github.reviewComments("acme", "billing", INVOICE_PR.number) as Array<{
      id: number;
      body: string;
    }>;
    const idOf = (title: string): number => {
      const root = roots.find((c) => c.body.split("\n")[0]?.endsWith(title));
      if (!root) throw new Error(`no comment for ${title}`);
      return root.id;
    };
    expect(roots).toHaveLength(4);
    // dana wrote the PR; erin is a collaborator.
    h.github.reactToReviewComment(
      "acme",
      "billing",
      idOf("NaN passes the discount range check"),
      "dana",
      "-1",
    );
    h.github.reactToReviewComment(
      "acme",
      "billing",
      idOf("A negative page gives a negative start"),
      "erin",
      "-1",
    );

    const head = pushSha(1);
    h.github.pushHead("acme", "billing", INVOICE_PR.number, {
      sha: head,
      headContents: { "src/billing/invoice.ts": FIXED_CONTENT },
    });
    const push = invoiceEvent("synchronize", { headSha: head });
    await h.deliver(push, { deliveryId: "push-1" });
    await completedCheck(h.github, head);
    await h.deliver(push, { deliveryId: "push-1" });

    expect(await h.deliver(closedEvent(true), { deliveryId: "closed-1" })).toBe(200);
    // A redelivery with the same GUID, and another delivery of the same close.
    await h.deliver(closedEvent(true), { deliveryId: "closed-1" });
    await h.deliver(closedEvent(true), { deliveryId: "closed-2" });

    const deadline = Date.now() + 10_000;
    while (!(await findingSamples(h)).some((l) => l.startsWith("codex_findings_open_at_close_total{"))) {
      if (Date.now() > deadline) throw new Error("open findings never counted at close");
      await sleep(50);
    }
    expect(await findingSamples(h)).toEqual([
      `codex_findings_dismissed_total{${repo},priority="P0",by="author"} 1`,
      `codex_findings_dismissed_total{${repo},priority="P1",by="collaborator"} 1`,
      `codex_findings_fixed_total{${repo},priority="P1"} 1`,
      `codex_findings_open_at_close_total{${repo},priority="P1",outcome="merged"} 1`,
      `codex_findings_posted_total{${repo},priority="P0"} 1`,
      `codex_findings_posted_total{${repo},priority="P1"} 3`,
    ]);
    // Nothing was posted twice on GitHub either.
    expect(h.github.requestsFor("pulls/create-review")).toHaveLength(1);
  });
});
