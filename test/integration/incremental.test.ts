import { afterEach, describe, expect, it } from "vitest";
import { INVOICE_PR } from "../fixtures/prs/invoice-pr.js";
import { startHarness, type Harness } from "./harness.js";
import {
  forcePushInvoice,
  invoiceAnswer,
  invoiceEvent,
  pushInvoice,
  seedInvoice,
  completedCheck,
} from "./lifecycle-support.js";

const modelInput = (h: Harness, n: number): string =>
  JSON.stringify(h.model.requests[n]?.body["input"] ?? "");

describe("incremental passes", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it("shows the model only what changed since the last reviewed head", async () => {
    h = await startHarness({ script: () => invoiceAnswer() });
    seedInvoice(h.github, { config: "debounceSeconds: 0\n" });
    await h.deliver(invoiceEvent("opened"));
    await completedCheck(h.github, INVOICE_PR.headSha);
    const head = pushInvoice(h.github, 1);
    await h.deliver(invoiceEvent("synchronize", { headSha: head }));
    await completedCheck(h.github, head);
    expect(modelInput(h, 0)).toContain("discount out of range");
    expect(modelInput(h, 1)).toContain("revision 1");
    expect(modelInput(h, 1)).not.toContain("discount out of range");
    const compare = h.github.requestsFor("repos/compare-commits");
    expect(compare.map((r) => r.path)).toEqual([
      `/repos/acme/billing/compare/${INVOICE_PR.headSha}...${head}`,
    ]);
  });

  it("falls back to a full pass after a force-push dropped the reviewed head", async () => {
    h = await startHarness({ script: () => invoiceAnswer() });
    seedInvoice(h.github, { config: "debounceSeconds: 0\n" });
    await h.deliver(invoiceEvent("opened"));
    await completedCheck(h.github, INVOICE_PR.headSha);
    const head = forcePushInvoice(h.github, 2);
    await h.deliver(invoiceEvent("synchronize", { headSha: head }));
    await completedCheck(h.github, head);
    expect(modelInput(h, 1)).toContain("discount out of range");
    expect(modelInput(h, 1)).toContain("rewritten 2");
    expect(h.github.checkRuns("acme", "billing", head)).toMatchObject([
      { output: { title: expect.stringMatching(/^Full review/) } },
    ]);
  });
});
