import { Probot } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GitHubError } from "../../../src/errors.js";
import type { GitHubClient } from "../../../src/github/client.js";
import { GitHubPublisher } from "../../../src/github/publisher.js";
import { GitHubReader } from "../../../src/github/reader.js";
import { SAMPLE } from "../../fixtures/github/sample-pr.js";
import { startSampleFake, type SampleFake } from "../../fixtures/github/fake-setup.js";
import { UNTHROTTLED } from "../../support/octokit.js";

const pr = { owner: SAMPLE.owner, repo: SAMPLE.repo, pullNumber: SAMPLE.number };

describe("GitHub adapter against the fake GitHub", () => {
  let sample: SampleFake;
  let octokit: GitHubClient;

  beforeAll(async () => {
    sample = await startSampleFake();
    const probot = new Probot({
      appId: sample.appId,
      privateKey: sample.keys.privateKeyPem,
      baseUrl: sample.fake.apiUrl,
      Octokit: UNTHROTTLED.defaults({ retry: { enabled: false } }),
      logLevel: "fatal",
    });
    octokit = (await probot.auth(SAMPLE.installationId)) as GitHubClient;
  });
  afterAll(async () => {
    await sample?.fake.close();
  });

  it("reads the pull request as the domain sees it", async () => {
    const info = await new GitHubReader(octokit).getPullRequest(pr);
    expect(info).toEqual({
      number: 7,
      title: "Guard against division by zero",
      body: "Makes `div` throw instead of returning Infinity.",
      draft: false,
      state: "open",
      author: "mona",
      headSha: SAMPLE.headSha,
      headRef: SAMPLE.headRef,
      headRepoFullName: "acme/widgets",
      baseSha: SAMPLE.baseSha,
      baseRef: "main",
      baseRepoFullName: "acme/widgets",
      defaultBranch: "main",
      maintainerCanModify: false,
      htmlUrl: expect.stringMatching(/\/acme\/widgets\/pull\/\d+$/),
      changedFiles: 4,
    });
  });

  it("lists every changed file, with null patches for binary files", async () => {
    const files = await new GitHubReader(octokit).listFiles(pr);
    expect(files.map((f) => [f.path, f.status, f.patch === null])).toEqual([
      ["src/math.ts", "modified", false],
      ["README.md", "added", false],
      ["assets/logo.png", "added", true],
      ["docs/old.md", "removed", false],
    ]);
  });

  it("follows pagination past 100 files", async () => {
    const many = Array.from({ length: 150 }, (_, i) => ({
      path: `src/generated/part-${String(i).padStart(3, "0")}.ts`,
      status: "added" as const,
      patch: `@@ -0,0 +1 @@\n+export const part${i} = ${i};`,
    }));
    sample.fake.addPullRequest({
      owner: SAMPLE.owner,
      repo: SAMPLE.repo,
      number: 8,
      head: { sha: "3".repeat(40), ref: "many" },
      base: { sha: SAMPLE.baseSha, ref: "main" },
      files: many,
      headContents: {},
    });
    const files = await new GitHubReader(octokit).listFiles({ ...pr, pullNumber: 8 });
    expect(files).toHaveLength(150);
    expect(files[149]?.path).toBe("src/generated/part-149.ts");
    const pages = sample.fake
      .requestsFor("pulls/list-files")
      .filter((r) => r.path.endsWith("/pulls/8/files"));
    expect(pages.map((r) => r.query.page ?? "1")).toEqual(["1", "2"]);
  });

  it("reads file contents at a ref, and null for a missing file", async () => {
    const reader = new GitHubReader(octokit);
    expect(await reader.getFileContent(pr, "README.md", SAMPLE.headSha)).toBe(
      "# widgets\n\nSmall math helpers.\n",
    );
    expect(await reader.getFileContent(pr, "nope.txt", SAMPLE.headSha)).toBeNull();
  });

  it("lists a commit's files (not its directories), and says when GitHub cut the listing short", async () => {
    const reader = new GitHubReader(octokit);
    expect(await reader.listTree(pr, SAMPLE.baseSha)).toEqual({
      paths: ["docs/old.md", "package.json", "src/math.ts"],
      truncated: false,
    });
    sample.fake.setTreeEntryLimit(2);
    try {
      const cut = await reader.listTree(pr, SAMPLE.baseSha);
      expect(cut?.truncated).toBe(true);
      expect(cut?.paths.length).toBeLessThan(3);
    } finally {
      sample.fake.setTreeEntryLimit(100_000);
    }
    expect(await reader.listTree(pr, "0".repeat(40))).toBeNull();
  });

  it("reads the commit a branch points at, and null for a branch that does not exist", async () => {
    const reader = new GitHubReader(octokit);
    expect(await reader.getBranchSha(pr, SAMPLE.headRef)).toBe(SAMPLE.headSha);
    expect(await reader.getBranchSha(pr, "no-such-branch")).toBeNull();
  });

  it("tells maintain from write, and none for strangers", async () => {
    sample.fake.setPermission(SAMPLE.owner, SAMPLE.repo, "maya", "maintain");
    sample.fake.setPermission(SAMPLE.owner, SAMPLE.repo, "tia", "triage");
    const reader = new GitHubReader(octokit);
    expect(await reader.getPermission(pr, "maya")).toBe("maintain");
    expect(await reader.getPermission(pr, "tia")).toBe("triage");
    expect(await reader.getPermission(pr, "mona")).toBe("write");
    expect(await reader.getPermission(pr, "stranger")).toBe("none");
  });

  it("posts a submitted review and finds it again by its marker", async () => {
    const publisher = new GitHubPublisher(octokit);
    const reader = new GitHubReader(octokit);
    expect(await reader.findReviewWithMarker(pr, "<!-- m1 -->", sample.fake.botLogin)).toBeNull();
    // Anyone can paste the marker into a review of their own: it is not the bot's.
    sample.fake.addReview({
      owner: SAMPLE.owner,
      repo: SAMPLE.repo,
      number: SAMPLE.number,
      user: "mallory",
      body: "LGTM <!-- m1 -->",
    });
    sample.fake.addReview({
      owner: SAMPLE.owner,
      repo: SAMPLE.repo,
      number: SAMPLE.number,
      user: "codex-spark",
      body: "<!-- m1 -->",
    });
    expect(await reader.findReviewWithMarker(pr, "<!-- m1 -->", sample.fake.botLogin)).toBeNull();
    const { id } = await publisher.createReview(pr, {
      commitId: SAMPLE.headSha,
      body: "Summary\n<!-- m1 -->",
      comments: [{ path: "src/math.ts", line: 14, side: "RIGHT", body: "**[P2]** Say why" }],
    });
    expect(await reader.findReviewWithMarker(pr, "<!-- m1 -->", sample.fake.botLogin)).toBe(id);
    const [posted] = sample.fake.requestsFor("pulls/create-review");
    expect(posted?.body).toEqual({
      commit_id: SAMPLE.headSha,
      event: "COMMENT",
      body: "Summary\n<!-- m1 -->",
      comments: [{ path: "src/math.ts", line: 14, side: "RIGHT", body: "**[P2]** Say why" }],
    });
  });

  it("translates GitHub's errors into typed, classified errors", async () => {
    const publisher = new GitHubPublisher(octokit);
    const review = { commitId: SAMPLE.headSha, body: "x", comments: [] };
    const attempt = async () => publisher.createReview(pr, review).catch((error: unknown) => error);

    sample.fake.failNext("pulls/create-review", { status: 502 });
    expect(await attempt()).toMatchObject({ code: "github_unavailable", retryable: true, status: 502 });

    sample.fake.failNext("pulls/create-review", { status: 403, headers: { "retry-after": "7" } });
    expect(await attempt()).toMatchObject({
      code: "github_rate_limited",
      retryable: true,
      retryAfterMs: 7000,
    });

    const offDiff = await publisher
      .createReview(pr, { ...review, comments: [{ path: "src/math.ts", line: 2, side: "RIGHT", body: "x" }] })
      .catch((error: unknown) => error);
    expect(offDiff).toBeInstanceOf(GitHubError);
    expect(offDiff).toMatchObject({ code: "github_unprocessable", retryable: false, status: 422 });
  });
});
