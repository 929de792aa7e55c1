import { afterEach, describe, expect, it } from "vitest";
import { INVOICE_HEAD, INVOICE_PR, invoicePullRequest } from "../fixtures/prs/invoice-pr.js";
import { CHANGELOG_HEAD } from "../fixtures/prs/invoice-pr.js";
import { comment, reviewFirst } from "./conversation-support.js";
import { startHarness, type Harness } from "./harness.js";

/*
 * `@codex apply` on a file that is not UTF-8: a Latin-1 file whose bytes 0xE9 and 0xEF sit outside
 * the suggested line, with CRLF endings and no final newline. The commit must hold the very bytes,
 * not a UTF-8 re-encoding with U+FFFD for each of them.
 */
const PATH = "legacy/labels.txt";
const latin1 = (text: string): Buffer => Buffer.from(text, "latin1");
const HEAD_BYTES = latin1("# caf\u00e9 labels\r\nlimit = 100\r\nname = na\u00efve");

function answer(suggestion: string): string {
  return JSON.stringify({
    findings: [
      {
        title: "The limit went up tenfold",
        body: "Keep the old limit of 10.",
        priority: 1,
        confidence_score: 0.9,
        path: PATH,
        start_line: 2,
        end_line: 2,
        original_code: "limit = 100",
        suggestion,
        deletes_lines: false,
      },
    ],
    overall_correctness: "patch is incorrect",
    overall_explanation: "The limit changed.",
    overall_confidence_score: 0.9,
  });
}

function seed(h: Harness): void {
  h.github.addInstallation({
    id: INVOICE_PR.installationId,
    account: "acme",
    repositories: ["acme/billing"],
  });
  h.github.addRepo({ owner: "acme", repo: "billing" });
  h.github.addPullRequest(
    invoicePullRequest({
      headContents: {
        "src/billing/invoice.ts": INVOICE_HEAD,
        "CHANGELOG.md": CHANGELOG_HEAD,
        [PATH]: HEAD_BYTES,
      },
    }),
  );
  h.github.setPermission("acme", "billing", "dana", "write");
}

const issueComments = (h: Harness) =>
  h.github.requestsFor("issues/create-comment").map((r) => (r.body as { body: string }).body);

describe("@codex apply keeps a file's bytes", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    if (h) expect(h.github.problems()).toEqual([]);
    await h?.close();
    h = undefined;
  });

  it("commits an ASCII suggestion into a Latin-1 file, every other byte unchanged", async () => {
    h = await startHarness({ script: () => answer("limit = 10") });
    seed(h);
    await reviewFirst(h, PATH, 2);
    expect(await h.deliver(comment(301, "@codex apply"))).toBe(200);
    await h.github.waitForRequests("git/update-ref", 1);
    const newHead = h.github.resolveRef("acme", "billing", INVOICE_PR.headRef) as string;
    expect(newHead).not.toBe(INVOICE_PR.headSha);
    expect(h.github.fileBytesAt("acme", "billing", newHead, PATH)).toEqual(
      latin1("# caf\u00e9 labels\r\nlimit = 10\r\nname = na\u00efve"),
    );
    expect(
      h.github.requestsFor("git/create-blob").map((r) => (r.body as { encoding: string }).encoding),
    ).toEqual(["base64"]);
    await h.github.waitForRequests("issues/create-comment", 1);
    expect(issueComments(h)[0]).toMatch(/^Committed 1 suggestion in [0-9a-f]{7}:/);
  });

  it("refuses a non-ASCII suggestion into a file that is not UTF-8, and commits nothing", async () => {
    h = await startHarness({ script: () => answer("limit = 10 # \u00e9t\u00e9") });
    seed(h);
    const root = await reviewFirst(h, PATH, 2);
    expect(await h.deliver(comment(302, "@codex apply"))).toBe(200);
    await h.github.waitForRequests("issues/create-comment", 1);
    expect(issueComments(h)).toEqual([
      [
        `Nothing to apply: none of my suggestions still applies to ${INVOICE_PR.headSha.slice(0, 7)}.`,
        "",
        "Skipped 1:",
        "",
        `- \`${PATH}\` (comment ${root}): the file is not valid UTF-8: the suggestion's non-ASCII text can't be written without changing its bytes`,
      ].join("\n"),
    ]);
    expect(h.github.requestsFor("git/create-blob")).toEqual([]);
    expect(h.github.requestsFor("git/update-ref")).toEqual([]);
    expect(h.github.resolveRef("acme", "billing", INVOICE_PR.headRef)).toBe(INVOICE_PR.headSha);
  });
});
