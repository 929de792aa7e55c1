import { afterEach, describe, expect, it } from "vitest";
import { issueCommentCreated } from "../fixtures/github/webhooks.js";
import { offByOneAnswer } from "../fakes/model/answers.js";
import { INVOICE_PR, invoicePullRequest } from "../fixtures/prs/invoice-pr.js";
import { completedCheck } from "./lifecycle-support.js";
import { startHarness, type Harness } from "./harness.js";

/** What a first review after a start still has to do, and what it no longer does. */

const ANSWER = offByOneAnswer();

async function seeded(): Promise<Harness> {
  const h = await startHarness({ script: () => ANSWER });
  h.github.addInstallation({
    id: INVOICE_PR.installationId,
    account: "acme",
    repositories: ["acme/billing"],
  });
  h.github.addRepo({ owner: "acme", repo: "billing" });
  h.github.addPullRequest(invoicePullRequest());
  h.github.setPermission("acme", "billing", "dana", "admin");
  return h;
}

const mention = (commentId: number) =>
  issueCommentCreated({
    pr: { owner: "acme", repo: "billing", number: 42, author: "dana" },
    installationId: INVOICE_PR.installationId,
    commentId,
    body: "@codex review",
    user: "dana",
  });

describe("warm from the start", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it("opens the model's sockets before the app reports ready, not on the first review", async () => {
    h = await seeded();
    const before = h.model.connections;
    expect(before).toBeGreaterThanOrEqual(2);
    expect(await h.deliver(mention(8101))).toBe(200);
    await h.github.waitForRequests("pulls/create-review", 1, 20_000);
    expect(h.model.connections).toBe(before);
  });

  it("mints one installation token for the webhook's reaction and the review's job alike", async () => {
    h = await seeded();
    expect(await h.deliver(mention(8102))).toBe(200);
    await h.github.waitForRequests("pulls/create-review", 1, 20_000);
    await completedCheck(h.github, INVOICE_PR.headSha);
    expect(h.github.requestsFor("reactions/create-for-issue-comment")).toHaveLength(1);
    expect(h.github.requestsFor("apps/create-installation-access-token")).toHaveLength(1);
  });

  it("remembers the app's bot login in Redis, so a restarted worker does not ask GitHub again", async () => {
    h = await seeded();
    expect(await h.deliver(mention(8103))).toBe(200);
    await h.github.waitForRequests("pulls/create-review", 1, 20_000);
    await completedCheck(h.github, INVOICE_PR.headSha);
    expect(h.github.requestsFor("apps/get-repo-installation")).toHaveLength(1);
    const { startApp } = await import("../../src/main/all.js");
    const { parseEnv } = await import("../../src/config/env.js");
    const again = await startApp(parseEnv({ ...h.raw, ROLE: "worker", PORT: "0" }), {
      defaultMetrics: false,
    });
    try {
      // Started and warmed up (its bot login learned) without asking GitHub.
      expect(h.github.requestsFor("apps/get-repo-installation")).toHaveLength(1);
    } finally {
      await again.stop();
    }
  });
});
