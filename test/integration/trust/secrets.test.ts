import { afterEach, describe, expect, it } from "vitest";
import { FAKE_API_KEY } from "../../fakes/model/index.js";
import { INVOICE_PR } from "../../fixtures/prs/invoice-pr.js";
import { comment } from "../conversation-support.js";
import { WEBHOOK_SECRET, appPrivateKey, startHarness, type Harness } from "../harness.js";
import { completedCheck, invoiceAnswer, seedInvoice } from "../lifecycle-support.js";

describe("secrets stay secret", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it("no log line, comment, reply or check-run text carries a secret, failures included", async () => {
    const logLines: string[] = [];
    h = await startHarness({ script: () => invoiceAnswer(), logLines });
    seedInvoice(h.github);
    h.github.setPermission("acme", "billing", "rita", "read");
    // A failed GitHub write echoes the request (headers included) into the error the app logs.
    h.github.failNext("pulls/create-review", { status: 502 });
    expect(await h.deliver(comment(500, "@codex review"))).toBe(200);
    expect(await h.deliver(comment(501, "@codex review", "rita"))).toBe(200);
    expect(await h.deliver(comment(502, "@codex help", "sam"))).toBe(200);
    await h.github.waitForRequests("pulls/create-review", 2);
    await completedCheck(h.github, INVOICE_PR.headSha);
    await h.github.waitForRequests("issues/create-comment", 2);

    const pem = appPrivateKey();
    const secrets = [
      WEBHOOK_SECRET,
      FAKE_API_KEY,
      ...h.github.issuedTokens(),
      // Any line of the key's body is enough to leak it.
      ...pem.split("\n").filter((line) => line.length > 40 && !line.startsWith("-----")),
    ];
    expect(h.github.issuedTokens().length).toBeGreaterThan(0);
    const written = h.github.requests
      .filter((r) => r.method !== "GET")
      .map((r) => JSON.stringify(r.body ?? ""));
    const everything = [...logLines, ...written];
    expect(logLines.length).toBeGreaterThan(20);
    expect(logLines.join("\n")).toContain("review attempt failed");
    for (const secret of secrets) {
      const found = everything.filter((text) => text.includes(secret));
      expect(found, `a secret (${secret.slice(0, 6)}…) was written`).toEqual([]);
    }
  });
});
