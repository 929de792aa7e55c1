import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INJECTION_CORPUS } from "../fixtures/injection/corpus.js";
import { safe, safetyReport } from "../fixtures/injection/safety.js";
import { invoicePullRequest, INVOICE_PR } from "../fixtures/prs/invoice-pr.js";
import { comment } from "./conversation-support.js";
import { startHarness, type Harness } from "./harness.js";
import {
  INVOICE_FILE,
  SLICE_CODE,
  SLICE_FIX,
  SLICE_LINE,
  finding,
  reviewAnswer,
} from "../fakes/model/answers.js";

const PROSE = INJECTION_CORPUS.filter((c) => c.where !== "diff");

/** A compromised model: it echoes every attack text back as findings and as its answer. */
function echo(request: { body: Record<string, unknown> }): string {
  const format = (request.body["text"] as { format: { name: string } }).format.name;
  if (format === "conversation_answer")
    return JSON.stringify({ answer: PROSE.map((c) => c.text).join("\n\n") });
  return reviewAnswer(
    PROSE.map((c, i) =>
      finding({
        title: c.text.split("\n")[0]?.slice(0, 120) || c.id,
        body: c.text,
        priority: i % 4,
        confidence_score: 0.5,
        path: INVOICE_FILE,
        start_line: SLICE_LINE,
        original_code: SLICE_CODE,
        // The one committable fix carries closing keywords in its title: `apply` writes it into a commit.
        suggestion: c.id === "closing-keywords" ? SLICE_FIX : null,
      }),
    ),
    {
      overall_correctness: "patch is incorrect",
      overall_explanation: PROSE.map((c) => c.text).join(" "),
      overall_confidence_score: 0.5,
    },
  );
}

describe("injected text in a PR and in model output", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ script: echo });
    h.github.addInstallation({
      id: INVOICE_PR.installationId,
      account: "acme",
      repositories: ["acme/billing", "acme/other"],
    });
    h.github.addRepo({ owner: "acme", repo: "billing" });
    h.github.addRepo({ owner: "acme", repo: "other" });
    const description = PROSE.filter((c) => c.where === "description")
      .map((c) => c.text)
      .join("\n\n");
    h.github.addPullRequest(invoicePullRequest({ body: description }));
    h.github.setPermission("acme", "billing", "dana", "admin");
    expect(await h.deliver(comment(301, "@codex review"))).toBe(200);
    expect(await h.deliver(comment(302, "@codex explain this change"))).toBe(200);
    await h.github.waitForRequests("pulls/create-review", 1);
    await h.github.waitForRequests("issues/create-comment", 1);
    expect(await h.deliver(comment(303, "@codex apply"))).toBe(200);
    await h.github.waitForRequests("git/create-commit", 1);
    await h.github.waitForRequests("issues/create-comment", 2);
    // Everything the three mentions led to has happened: their jobs and their 👀.
    await h.settled();
    await h.github.waitForRequests("reactions/create-for-issue-comment", 3);
  });
  afterAll(async () => {
    await h?.close();
  });

  it(`uses a corpus of ${INJECTION_CORPUS.length} attacks`, () => {
    expect(INJECTION_CORPUS.length).toBeGreaterThanOrEqual(20);
  });

  it("never shows the model what a reader of the PR cannot see", () => {
    const sent = h.model.requests.map((r) => JSON.stringify(r.body["input"])).join("\n");
    for (const c of PROSE.filter((c) => c.where === "description")) {
      for (const hidden of c.hidden)
        expect(sent, `${c.id}: ${hidden}`).not.toContain(JSON.stringify(hidden).slice(1, -1));
    }
  });

  it("posts nothing that mentions people, triggers the bot, renders HTML or breaks out of code", () => {
    const bodies = [
      ...h.github.requestsFor("pulls/create-review").flatMap((r) => {
        const body = r.body as { body: string; comments: Array<{ body: string }> };
        return [body.body, ...body.comments.map((c) => c.body)];
      }),
      ...h.github.requestsFor("issues/create-comment").map((r) => (r.body as { body: string }).body),
      ...h.github.requestsFor("pulls/create-review-comment").map((r) => (r.body as { body: string }).body),
      // Check runs render Markdown too: their title, summary and text must be as inert.
      ...[...h.github.requestsFor("checks/create"), ...h.github.requestsFor("checks/update")].flatMap((r) => {
        const output = (r.body as { output?: { title: string; summary: string; text?: string } }).output;
        return output ? [output.title, output.summary, output.text ?? ""] : [];
      }),
    ];
    expect(bodies.length).toBeGreaterThan(2);
    for (const body of bodies) {
      // The bot's own markup: the footer's <sub>, its hidden markers and the folded lower-priority
      // section (whole lines; the summary's text is still checked). Model text cannot forge them,
      // because the renderer escapes every "<" it writes.
      const own = body
        .replace(/<!-- codex-[^>]* -->/g, "")
        .replace(/<\/?sub>/g, "")
        .replace(/^<\/?details>$/gm, "")
        .replace(/^<summary>(.*)<\/summary>$/gm, "$1");
      const report = safetyReport(own);
      expect({ ...report, suggestionBlocks: 0 }, body.slice(0, 200)).toEqual(safe(0));
    }
  });

  it("writes no commit message that could close, link or notify an issue", () => {
    const [commit] = h.github.requestsFor("git/create-commit");
    const message = (commit?.body as { message: string }).message;
    expect(message).toContain("Fixes #");
    expect(safetyReport(message).liveReferences).toEqual([]);
    expect(message).not.toMatch(/(close|fix|resolve)[sd]?\s*:?\s+(?:[\w.-]+\/[\w.-]+)?#\d/i);
  });

  it("acts only on the pull request the event came from", () => {
    const outside = h.github.requests.filter(
      (r) => r.path.startsWith("/repos/") && !r.path.startsWith("/repos/acme/billing/"),
    );
    expect(outside).toEqual([]);
    const writes = h.github.requests.filter((r) => r.method !== "GET" && r.path.startsWith("/repos/"));
    for (const w of writes)
      expect(w.path).toMatch(
        /^\/repos\/acme\/billing\/(pulls\/42\/|issues\/(42|comments\/30[123])\/|check-runs|git\/)/,
      );
  });
});
