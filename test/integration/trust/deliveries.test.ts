import { afterEach, describe, expect, it } from "vitest";
import { INVOICE_PR } from "../../fixtures/prs/invoice-pr.js";
import { comment } from "../conversation-support.js";
import { startHarness, type Harness } from "../harness.js";
import { completedCheck, invoiceAnswer, invoiceEvent, seedInvoice } from "../lifecycle-support.js";
import { logged } from "../log-lines.js";

describe("one atomic claim per webhook delivery", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it("ten concurrent copies of one mention give one 👀, one job and one review", async () => {
    const logLines: string[] = [];
    h = await startHarness({ script: () => invoiceAnswer(), logLines });
    seedInvoice(h.github);
    const deliveryId = "7d1c0e55-0000-4000-8000-00000000d001";
    const event = comment(700, "@codex review");
    const statuses = await Promise.all(Array.from({ length: 10 }, () => h!.deliver(event, { deliveryId })));
    expect(statuses).toEqual(Array(10).fill(200));
    await h.github.waitForRequests("pulls/create-review", 1);
    await completedCheck(h.github, INVOICE_PR.headSha);
    // A late redelivery of the same GUID is a no-op too: it stops at the claim, before any 👀.
    expect(await h.deliver(event, { deliveryId })).toBe(200);
    expect(logged(logLines, "duplicate delivery ignored", { delivery: deliveryId })).toBe(10);
    await h.settled();
    await h.github.waitForRequests("reactions/create-for-issue-comment", 1);

    expect(h.github.requestsFor("reactions/create-for-issue-comment")).toHaveLength(1);
    expect(h.github.requestsFor("pulls/create-review")).toHaveLength(1);
    expect(h.github.requestsFor("checks/create")).toHaveLength(1);
    expect(h.model.requests).toHaveLength(1);
  });

  it("concurrent copies of a pull_request event create one queued check run", async () => {
    const logLines: string[] = [];
    h = await startHarness({ script: () => invoiceAnswer(), logLines });
    seedInvoice(h.github);
    const deliveryId = "7d1c0e55-0000-4000-8000-00000000d002";
    const event = invoiceEvent("opened");
    const statuses = await Promise.all(Array.from({ length: 5 }, () => h!.deliver(event, { deliveryId })));
    expect(statuses).toEqual(Array(5).fill(200));
    await completedCheck(h.github, INVOICE_PR.headSha);
    expect(await h.deliver(event, { deliveryId })).toBe(200);
    expect(logged(logLines, "duplicate delivery ignored", { delivery: deliveryId })).toBe(5);
    await h.settled();

    expect(h.github.requestsFor("checks/create")).toHaveLength(1);
    expect(h.github.checkRuns("acme", "billing", INVOICE_PR.headSha)).toMatchObject([
      { status: "completed" },
    ]);
    expect(h.github.requestsFor("pulls/create-review")).toHaveLength(1);
  });
});
