import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { laneDiff } from "../fakes/model/answers.js";
import { INVOICE_PR } from "../fixtures/prs/invoice-pr.js";
import { comment } from "./conversation-support.js";
import { startHarness, type Harness } from "./harness.js";
import { pushInvoice, seedInvoice } from "./lifecycle-support.js";

/**
 * The look at GitHub's head made while the other lanes still stream: a push whose webhook has not
 * arrived (nothing in Redis says the head moved) ends the review as soon as the first lane ends,
 * not when the slowest lane does. Here the slowest lane never ends at all: only that look can
 * abandon it, and the mention's review then moves to the new head.
 */

const NO_FINDINGS = JSON.stringify({
  findings: [],
  overall_correctness: "patch is correct",
  overall_explanation: "Nothing to flag.",
  overall_confidence_score: 0.9,
});

describe("a push seen while lanes stream (real app, fake GitHub and model)", () => {
  let h: Harness;
  let newHead: string | null = null;

  beforeAll(async () => {
    h = await startHarness({
      // One file per lane: the invoice PR's two files are two lanes.
      env: { CODEX_LANE_MAX_FILES: "1" },
      script: (request) => {
        const diff = laneDiff(request);
        // The first head's invoice lane streams a little, then nothing, for as long as it is let.
        if (diff.includes("src/billing/invoice.ts") && !diff.includes("// revision 1"))
          return { kind: "hang", afterDeltas: 2, text: NO_FINDINGS };
        // A push lands on GitHub while the first head's lanes run; no webhook says so.
        if (diff.includes("CHANGELOG.md") && newHead === null) newHead = pushInvoice(h.github, 1);
        return NO_FINDINGS;
      },
    });
    seedInvoice(h.github);
  });
  afterAll(async () => {
    await h?.close();
  });

  it("abandons the old head's review when its first lane ends and reviews the new head", async () => {
    const mention = h.github.addIssueComment({
      owner: "acme",
      repo: "billing",
      number: INVOICE_PR.number,
      user: "dana",
      body: "@codex review",
    });
    const status = await h.deliver(comment(mention.id, "@codex review"));
    expect(status).toBe(200);

    // Far shorter than the model request timeout (120 s): the hanging lane is not waited for.
    const [review] = await h.github.waitForRequests("pulls/create-review", 1, 45_000);
    expect(newHead).not.toBeNull();
    const posted = review?.body as { commit_id: string; body: string };
    expect(posted.commit_id).toBe(newHead);
    expect(posted.body).toContain((newHead as string).slice(0, 7));

    // The old head got lanes for both files; the new head's review asked again for both.
    const lanes = h.model.requests.map(laneDiff);
    expect(
      lanes.filter((d) => d.includes("src/billing/invoice.ts") && !d.includes("// revision 1")),
    ).toHaveLength(1);
    expect(lanes.filter((d) => d.includes("// revision 1"))).toHaveLength(1);
    await h.settled();
    expect(h.github.requestsFor("pulls/create-review")).toHaveLength(1);
    // Each commit's run tells its own truth: the old one superseded, the new one the review's result.
    expect(h.github.checkRuns("acme", "billing", INVOICE_PR.headSha)).toMatchObject([
      {
        status: "completed",
        conclusion: "neutral",
        output: { title: `Superseded by ${newHead!.slice(0, 7)}` },
      },
    ]);
    expect(h.github.checkRuns("acme", "billing", newHead!)).toMatchObject([
      { status: "completed", conclusion: "success", output: { title: "Full review: no findings" } },
    ]);
  }, 60_000);
});
