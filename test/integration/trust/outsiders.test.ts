import { afterEach, describe, expect, it } from "vitest";
import { invoicePullRequest, INVOICE_PR } from "../../fixtures/prs/invoice-pr.js";
import { comment } from "../conversation-support.js";
import { startHarness, type Harness } from "../harness.js";
import { completedCheck, invoiceAnswer, invoiceEvent, pushInvoice } from "../lifecycle-support.js";

/** The invoice PR, opened by `olga`, who has no write access (as from a fork). */
function seedOutsiderPr(h: Harness, config?: string): void {
  h.github.addInstallation({
    id: INVOICE_PR.installationId,
    account: "acme",
    repositories: ["acme/billing"],
  });
  h.github.addRepo({
    owner: "acme",
    repo: "billing",
    files: config === undefined ? undefined : { main: { ".github/codex.yml": config } },
  });
  h.github.addPullRequest(invoicePullRequest({ user: "olga" }));
  h.github.setPermission("acme", "billing", "dana", "write");
}

const BUDGET_SUMMARY =
  "Review budget reached — a collaborator can comment `@\u200Dcodex review`. The author's daily budget of automatic reviews is used up. No model call was made.";

describe("a budget for the pull requests of people without write access", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it("reviews an outsider's PR within the author's daily budget, then stops without a model call", async () => {
    h = await startHarness({ script: () => invoiceAnswer(), env: { CODEX_OUTSIDER_REVIEWS_PER_DAY: "1" } });
    seedOutsiderPr(h, "debounceSeconds: 0\n");
    expect(await h.deliver(invoiceEvent("opened"))).toBe(200);
    expect(await completedCheck(h.github, INVOICE_PR.headSha)).toMatchObject({ conclusion: "neutral" });
    expect(h.github.requestsFor("pulls/create-review")).toHaveLength(1);
    expect(h.model.requests).toHaveLength(1);

    const head = pushInvoice(h.github, 1);
    expect(await h.deliver(invoiceEvent("synchronize", { headSha: head }))).toBe(200);
    const run = await completedCheck(h.github, head);
    expect(run).toMatchObject({
      conclusion: "neutral",
      output: { title: "Review budget reached", summary: BUDGET_SUMMARY },
    });
    expect(h.model.requests).toHaveLength(1);
    expect(h.github.requestsFor("pulls/create-review")).toHaveLength(1);

    // A collaborator can still ask: their request is theirs, not the outsider's budget.
    expect(await h.deliver(comment(800, "@codex review"))).toBe(200);
    await h.github.waitForRequests("pulls/create-review", 2);
    expect(h.model.requests).toHaveLength(2);
    expect(h.github.problems()).toEqual([]);
  });

  it("reviews nothing automatically with triggers.outsiders: off", async () => {
    h = await startHarness({ script: () => invoiceAnswer() });
    seedOutsiderPr(h, "triggers:\n  outsiders: off\n");
    expect(await h.deliver(invoiceEvent("opened"))).toBe(200);
    const run = await completedCheck(h.github, INVOICE_PR.headSha);
    expect(run).toMatchObject({ conclusion: "neutral", output: { title: "Not reviewed automatically" } });
    expect(h.model.requests).toHaveLength(0);
    expect(h.github.requestsFor("pulls/create-review")).toHaveLength(0);
  });
});
