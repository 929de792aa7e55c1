import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RecordedRequest } from "../fakes/github/index.js";
import { issueCommentCreated } from "../fixtures/github/webhooks.js";
import { startHarness, type Harness } from "./harness.js";

/**
 * The files a review reads before the model — `.github/codex.yml` and the AGENTS.md files — are
 * read at a commit and kept by the worker process: one listing of the base's tree says which
 * guideline files exist, only those are read, and a second review on the same base reads none.
 */

const OWNER = "acme";
const REPO = "shop";
const BASE = "b0".repeat(20);
const SECTION = (rule: string) => `# Agents\n\n## Review guidelines\n\n${rule}\n`;

const BASE_FILES: Record<string, string> = {
  ".github/codex.yml": "minConfidence: 0.4\n",
  "AGENTS.md": SECTION("Every public function has a test."),
  "packages/api/AGENTS.md": SECTION("Handlers validate their input with zod."),
  "packages/web/src/AGENTS.md": SECTION("Components never fetch directly."),
  "packages/api/src/handlers/cart.ts": "export const cart = 1;\n",
  "packages/web/src/components/Cart.tsx": "export const Cart = 1;\n",
  "docs/guide/setup.md": "# Setup\n",
};

/** Touches a file in each of three nested directories, none of which has an AGENTS.md itself. */
function headFiles(n: number): Record<string, string> {
  return {
    "packages/api/src/handlers/cart.ts": `export const cart = ${n + 1};\n`,
    "packages/web/src/components/Cart.tsx": `export const Cart = ${n + 1};\n`,
    "docs/guide/setup.md": `# Setup\n\nStep ${n}.\n`,
  };
}

const NO_FINDINGS = JSON.stringify({
  findings: [],
  overall_correctness: "patch is correct",
  overall_explanation: "Nothing to flag.",
  overall_confidence_score: 0.9,
});

/** The reads of config and guideline files, tree listings and branch lookups, as `op path@ref`. */
function repoFileReads(requests: readonly RecordedRequest[]): string[] {
  return requests
    .filter(
      (r) =>
        r.operationId === "git/get-tree" ||
        r.operationId === "git/get-ref" ||
        (r.operationId === "repos/get-content" &&
          /(AGENTS\.md|\.github\/codex\.ya?ml)$/.test(decodeURIComponent(r.path))),
    )
    .map((r) => {
      const path = decodeURIComponent(r.path.replace(`/repos/${OWNER}/${REPO}/`, ""));
      const ref = r.query["ref"] ? `@${r.query["ref"]}` : "";
      return `${r.operationId} ${path}${ref} ${r.status}`;
    })
    .sort();
}

describe("config and guidelines read per commit (real app, fake GitHub)", () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ script: () => NO_FINDINGS });
    h.github.addInstallation({ id: 77, account: OWNER, repositories: [`${OWNER}/${REPO}`] });
    h.github.setPermission(OWNER, REPO, "dana", "write");
  });
  afterAll(async () => {
    await h?.close();
  });

  /** Opens PR `n` on the shared base, asks for a review, and returns the requests it made. */
  async function review(n: number): Promise<RecordedRequest[]> {
    const head = { sha: `${n}`.padStart(2, "0").repeat(20), ref: `feature/${n}` };
    h.github.addPullRequest({
      owner: OWNER,
      repo: REPO,
      number: n,
      user: "dana",
      head,
      base: { sha: BASE, ref: "main" },
      baseContents: BASE_FILES,
      headContents: headFiles(n),
    });
    const comment = h.github.addIssueComment({
      owner: OWNER,
      repo: REPO,
      number: n,
      user: "dana",
      body: "@codex review",
    });
    const from = h.github.requests.length;
    const reviews = h.github.requestsFor("pulls/create-review").length;
    const status = await h.deliver(
      issueCommentCreated({
        pr: { owner: OWNER, repo: REPO, number: n, author: "dana", head, base: { sha: BASE, ref: "main" } },
        installationId: 77,
        commentId: comment.id,
        body: "@codex review",
        user: "dana",
      }),
    );
    expect(status).toBe(200);
    await h.github.waitForRequests("pulls/create-review", reviews + 1, 60_000);
    await h.settled();
    return h.github.requests.slice(from);
  }

  it("lists the base tree once, reads only the AGENTS.md it has, and nothing for the next review", async () => {
    const first = await review(1);
    // The default branch is the base here: the config is read at the commit `main` points at.
    // Candidates were AGENTS.md in docs/guide, docs, packages/api/src/handlers, packages/api/src,
    // packages/api, packages/web/src/components, packages/web/src, packages, and the root: only
    // the three the listing has are read, and none answers 404.
    expect(repoFileReads(first)).toEqual([
      `git/get-ref git/ref/heads/main 200`,
      `git/get-tree git/trees/${BASE} 200`,
      `repos/get-content contents/.github/codex.yaml@${BASE} 404`,
      `repos/get-content contents/.github/codex.yml@${BASE} 200`,
      // The web server's own read, for the trigger switches (cached by repository for a minute).
      `repos/get-content contents/.github/codex.yml@main 200`,
      `repos/get-content contents/AGENTS.md@${BASE} 200`,
      `repos/get-content contents/packages/api/AGENTS.md@${BASE} 200`,
      `repos/get-content contents/packages/web/src/AGENTS.md@${BASE} 200`,
    ]);
    const [posted] = h.github.checkRuns(OWNER, REPO, `01`.repeat(20)) as Array<{
      output: { summary: string };
    }>;
    for (const source of ["AGENTS.md", "packages/api/AGENTS.md", "packages/web/src/AGENTS.md"])
      expect(posted?.output.summary).toContain(source);

    const second = await review(2);
    // Same base: config and guidelines come from the worker's cache. (A lookup of `main` may
    // still be made in the background when the first review is more than a few seconds old.)
    expect(repoFileReads(second).filter((read) => !read.startsWith("git/get-ref"))).toEqual([]);
    const prompts = h.model.requests.map((r) => JSON.stringify(r.body));
    expect(prompts.at(-1)).toContain("Handlers validate their input with zod.");
  });
});
