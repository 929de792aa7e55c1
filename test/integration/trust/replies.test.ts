import { afterEach, describe, expect, it } from "vitest";
import type { WebhookEvent } from "../../fixtures/github/webhooks.js";
import { comment } from "../conversation-support.js";
import { startHarness, type Harness } from "../harness.js";
import { seedInvoice } from "../lifecycle-support.js";
import { logged } from "../log-lines.js";

/** A comment by someone GitHub calls `NONE`: no member, collaborator or contributor. */
function strangerComment(id: number, body: string, user: string): WebhookEvent {
  const event = comment(id, body, user);
  (event.payload as { comment: { author_association: string } }).comment.author_association = "NONE";
  return event;
}

describe("free replies are bounded", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it("answers one person's help once an hour, and strangers up to the installation's ceiling", async () => {
    const logLines: string[] = [];
    h = await startHarness({ env: { CODEX_STRANGER_REPLIES_PER_HOUR: "2" }, logLines });
    seedInvoice(h.github);
    // A collaborator asking for help six times gets one answer.
    for (let i = 0; i < 6; i++) expect(await h.deliver(comment(900 + i, "@codex help", "sam"))).toBe(200);
    // Three strangers: the installation answers two of them this hour.
    for (const [i, user] of ["x1", "x2", "x3"].entries()) {
      expect(await h.deliver(strangerComment(910 + i, "@codex hepl", user))).toBe(200);
    }
    // A usage reply is sent before the webhook is answered: every delivery above has had its say,
    // and the six refused ones said why in the log.
    expect(logged(logLines, "free reply limit reached; not answering")).toBe(6);
    await h.settled();

    expect(h.github.requestsFor("issues/create-comment")).toHaveLength(3);
    expect(h.model.requests).toHaveLength(0);
  });
});
