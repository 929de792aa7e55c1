import { afterEach, describe, expect, it } from "vitest";
import { INVOICE_HEAD, INVOICE_PR } from "../fixtures/prs/invoice-pr.js";
import { comment } from "./conversation-support.js";
import { startHarness, type Harness } from "./harness.js";
import { completedCheck, invoiceAnswer, invoiceEvent, pushSha, seedInvoice } from "./lifecycle-support.js";

/*
 * PRs larger than GitHub's listings: a compare names at most 300 files, the PR's file listing at
 * most 3,000. Neither may leave files unreviewed without the check run saying so.
 */

/** `count` one-line files under `bulk/`, excluded by the config so the model is not shown them. */
function bulkFiles(count: number, tag: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i++) files[`bulk/part-${String(i).padStart(4, "0")}.txt`] = `${tag} ${i}\n`;
  return files;
}

const CONFIG = "debounceSeconds: 0\npaths:\n  ignore:\n    - bulk/**\n";
const modelInput = (h: Harness, n: number): string =>
  JSON.stringify(h.model.requests[n]?.body["input"] ?? "");

describe("pull requests beyond GitHub's listings", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    if (h) expect(h.github.problems()).toEqual([]);
    await h?.close();
    h = undefined;
  });

  it("reviews the whole PR when a push changes more files than a compare lists, and says why", async () => {
    h = await startHarness({ script: () => invoiceAnswer() });
    seedInvoice(h.github, { config: CONFIG });
    await h.deliver(invoiceEvent("opened"));
    await completedCheck(h.github, INVOICE_PR.headSha);
    const head = pushSha(1);
    h.github.pushHead("acme", "billing", INVOICE_PR.number, {
      sha: head,
      headContents: { ...bulkFiles(301, "pushed"), "src/billing/invoice.ts": `${INVOICE_HEAD}// pushed\n` },
    });
    await h.deliver(invoiceEvent("synchronize", { headSha: head }));
    const run = (await completedCheck(h.github, head, 30_000)) as {
      output: { title: string; summary: string };
    };

    const compare = h.github.requestsFor("repos/compare-commits");
    expect(compare.map((r) => r.path)).toEqual([
      `/repos/acme/billing/compare/${INVOICE_PR.headSha}...${head}`,
    ]);
    expect(run.output.title).toMatch(/^Full review/);
    expect(run.output.summary).toContain(
      `The changes since the last reviewed commit (${INVOICE_PR.headSha.slice(0, 7)}) touch 300 or more files, more than GitHub's compare lists, so the whole pull request was reviewed instead.`,
    );
    // The whole PR, not only what the compare named: the first pass's code is shown again.
    expect(modelInput(h, 1)).toContain("discount out of range");
    expect(modelInput(h, 1)).toContain("CHANGELOG.md");
  });

  it("answers a requested range over 300 files with a reply, and no model call", async () => {
    h = await startHarness({ script: () => invoiceAnswer() });
    seedInvoice(h.github, { config: CONFIG });
    const head = pushSha(3);
    h.github.pushHead("acme", "billing", INVOICE_PR.number, {
      sha: head,
      headContents: bulkFiles(300, "pushed"),
    });
    const range = `${INVOICE_PR.headSha.slice(0, 7)}..${head.slice(0, 7)}`;
    expect(await h.deliver(comment(401, `@codex review ${range}`))).toBe(200);
    await h.github.waitForRequests("issues/create-comment", 1);
    const reply = (h.github.requestsFor("issues/create-comment")[0]?.body as { body: string }).body;
    expect(reply.split("\n\n")[0]).toBe(
      `\`${range}\` changes 300 or more files, more than GitHub's compare lists, so it can't be reviewed as a range.`,
    );
    expect(reply).toContain("`@codex review full`");
    expect(h.model.requests).toHaveLength(0);
  });

  it("names the files beyond GitHub's 3,000-file listing as not reviewed", async () => {
    h = await startHarness({ script: () => invoiceAnswer() });
    seedInvoice(h.github, { config: CONFIG });
    const head = pushSha(2);
    h.github.pushHead("acme", "billing", INVOICE_PR.number, {
      sha: head,
      headContents: bulkFiles(3003, "added"),
    });
    await h.deliver(invoiceEvent("opened", { headSha: head }));
    const run = (await completedCheck(h.github, head, 60_000)) as {
      output: { summary: string; text: string };
    };
    const listed = h.github.requestsFor("pulls/list-files");
    expect(listed).toHaveLength(30);
    expect(run.output.summary).toContain(
      "5 more files beyond GitHub's 3,000-file listing were not reviewed (named below).",
    );
    // The listing is sorted, so the last bulk files and the invoice fell beyond it.
    const reason = "beyond GitHub's 3,000-file listing: never shown to the review";
    expect(run.output.text.split("\n\n### Not reviewed")[0]).toBe(
      [
        "### Not listed by GitHub",
        "",
        "5 more files beyond GitHub's 3,000-file listing were not reviewed (named below).",
        "",
        ...["bulk/part-2999.txt", "bulk/part-3000.txt", "bulk/part-3001.txt", "bulk/part-3002.txt"].map(
          (path) => `- \`${path}\`: ${reason}`,
        ),
        `- \`src/billing/invoice.ts\`: ${reason}`,
      ].join("\n"),
    );
    // One listing at the base branch's head says which guideline files exist; the merge base's and
    // the head's trees name the files the PR listing left out.
    expect(h.github.requestsFor("git/get-tree").map((r) => r.query["recursive"])).toEqual(["1", "1", "1"]);
    const review = h.github.requestsFor("pulls/create-review")[0]?.body as { body: string };
    expect(review.body).toContain("5 more files beyond GitHub's 3,000-file listing not reviewed.");
  });
});
