import { Probot } from "probot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GitHubError, StaleHeadError } from "../../../src/errors.js";
import { ApplyRefusedError } from "../../../src/review/apply/index.js";
import type { GitHubClient } from "../../../src/github/client.js";
import { GitHubCommitter } from "../../../src/github/commit.js";
import { GitHubPublisher } from "../../../src/github/publisher.js";
import { GitHubReader } from "../../../src/github/reader.js";
import { GitHubSuggestionReader } from "../../../src/github/suggestions.js";
import {
  applyCommitMessage,
  pathsToRead,
  planApply,
  type ApplyPlan,
} from "../../../src/review/apply/index.js";
import type { PullRequestInfo, ReviewComment } from "../../../src/review/ports.js";
import { suggestionBlock } from "../../../src/review/render/fix-block.js";
import { startSampleFake, type SampleFake } from "../../fixtures/github/fake-setup.js";
import { SAMPLE } from "../../fixtures/github/sample-pr.js";
import { UNTHROTTLED } from "../../support/octokit.js";

const PR = { owner: SAMPLE.owner, repo: SAMPLE.repo, pullNumber: SAMPLE.number };
const REQUESTER = { login: "mona", id: 583231 };

/** A fresh fake with the sample PR, and an installation client made the way Probot makes one. */
async function setup(): Promise<{
  sample: SampleFake;
  octokit: GitHubClient;
  auth: (id: number) => Promise<GitHubClient>;
}> {
  const sample = await startSampleFake();
  const probot = new Probot({
    appId: sample.appId,
    privateKey: sample.keys.privateKeyPem,
    baseUrl: sample.fake.apiUrl,
    Octokit: UNTHROTTLED.defaults({ retry: { enabled: false } }),
    logLevel: "fatal",
  });
  const auth = async (id: number) => (await probot.auth(id)) as GitHubClient;
  return { sample, octokit: await auth(SAMPLE.installationId), auth };
}

/** An inline comment in the shape the renderer gives the bot's findings. */
function botComment(path: string, start: number, end: number, title: string, lines: string[]): ReviewComment {
  const body = `**[P2]** ${title}\n\nWhy it matters.\n\n${suggestionBlock(lines)}`;
  return start === end
    ? { path, line: end, side: "RIGHT", body }
    : { path, start_line: start, start_side: "RIGHT", line: end, side: "RIGHT", body };
}

async function postReview(octokit: GitHubClient, comments: ReviewComment[]): Promise<void> {
  const pr = await new GitHubReader(octokit).getPullRequest(PR);
  await new GitHubPublisher(octokit).createReview(PR, { commitId: pr.headSha, body: "Review", comments });
}

interface ReadForApply {
  pr: PullRequestInfo;
  plan: ApplyPlan;
}

/** What the worker reads and plans for `@codex apply`, up to the commit. */
async function readAndPlan(octokit: GitHubClient, botLogin: string): Promise<ReadForApply> {
  const reader = new GitHubReader(octokit);
  const pr = await reader.getPullRequest(PR);
  const comments = await new GitHubSuggestionReader(octokit).listReviewComments(PR);
  const headContents = new Map<string, Uint8Array | null>();
  for (const path of pathsToRead(comments, botLogin)) {
    headContents.set(path, await reader.getFileBytes(PR, path, pr.headSha));
  }
  return { pr, plan: planApply({ comments, botLogin, headSha: pr.headSha, headContents }) };
}

/** The whole `@codex apply`: read, plan, commit when there is something to commit. */
async function applyOnce(
  octokit: GitHubClient,
  botLogin: string,
): Promise<ReadForApply & { sha: string | null }> {
  const read = await readAndPlan(octokit, botLogin);
  if (read.plan.files.length === 0) return { ...read, sha: null };
  const { sha } = await new GitHubCommitter(octokit).commitToHead(read.pr, {
    message: applyCommitMessage(read.plan.applied, REQUESTER),
    files: read.plan.files,
  });
  return { ...read, sha };
}

let s: SampleFake;
let octokit: GitHubClient;
let auth: (id: number) => Promise<GitHubClient>;
beforeEach(async () => {
  ({ sample: s, octokit, auth } = await setup());
});
afterEach(() => s.fake.close());

const MATH = "src/math.ts";
const SAFE_DIV = [
  "  if (b === 0) {",
  '    throw new RangeError("division by zero");',
  "  }",
  "  return a / b;",
];

async function seedSuggestions(): Promise<void> {
  await postReview(octokit, [
    botComment(MATH, 14, 15, "Use a block for the guard", SAFE_DIV),
    botComment(MATH, 31, 31, "Keep ties stable", ["  return a >= b ? a : b;"]),
    botComment("README.md", 3, 3, "Say what is tested", ["Small, tested math helpers."]),
  ]);
  // A person's suggestion is theirs to commit, never the bot's.
  s.fake.addReviewComment({
    ...PR,
    number: SAMPLE.number,
    user: "mona",
    path: MATH,
    line: 29,
    body: "```suggestion\n// mine\n```",
  });
}

type TreeEntry = { path?: string; mode?: string; type?: string; sha?: string };

async function tree(commitSha: string): Promise<Map<string, TreeEntry>> {
  const repo = { owner: SAMPLE.owner, repo: SAMPLE.repo };
  const commit = await octokit.rest.git.getCommit({ ...repo, commit_sha: commitSha });
  const listed = await octokit.rest.git.getTree({ ...repo, tree_sha: commit.data.tree.sha, recursive: "1" });
  return new Map(listed.data.tree.filter((e) => e.type === "blob").map((e) => [e.path ?? "", e]));
}

async function blobText(sha: string): Promise<string> {
  const blob = await octokit.rest.git.getBlob({ owner: SAMPLE.owner, repo: SAMPLE.repo, file_sha: sha });
  return Buffer.from(blob.data.content, "base64").toString("utf8");
}

function writes(): string[] {
  return s.fake.requests.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`);
}

describe("GitHubCommitter with @codex apply against the fake GitHub", () => {
  it("commits every applicable suggestion as one commit on the head branch", async () => {
    await seedSuggestions();
    const before = await tree(SAMPLE.headSha);
    const oldMath = await blobText(before.get(MATH)?.sha ?? "");
    const requestsBefore = s.fake.requests.length;

    const { plan, sha } = await applyOnce(octokit, s.fake.botLogin);

    expect(plan.applied.map((a) => [a.path, a.startLine, a.endLine])).toEqual([
      ["README.md", 3, 3],
      [MATH, 14, 15],
      [MATH, 31, 31],
    ]);
    expect(plan.skipped).toEqual([]);
    expect(sha).not.toBeNull();

    // The new tree is the old one with exactly the suggestions applied, read back from blobs.
    const after = await tree(sha as string);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [path, entry] of after) {
      if (path === MATH || path === "README.md") continue;
      expect(entry.sha, path).toBe(before.get(path)?.sha);
    }
    expect(await blobText(after.get(MATH)?.sha ?? "")).toBe(
      oldMath
        .replace(
          '  if (b === 0) throw new RangeError("division by zero");\n  return a / b;\n',
          `${SAFE_DIV.join("\n")}\n`,
        )
        .replace("  return a > b ? a : b;", "  return a >= b ? a : b;"),
    );
    expect(await blobText(after.get("README.md")?.sha ?? "")).toBe(
      "# widgets\n\nSmall, tested math helpers.\n",
    );

    const [commit] = s.fake.requestsFor("git/create-commit");
    expect(s.fake.requestsFor("git/create-commit")).toHaveLength(1);
    expect(commit?.body).toMatchObject({ parents: [SAMPLE.headSha] });
    expect((commit?.body as { message: string }).message).toBe(
      [
        "Apply 3 suggestions from code review",
        "",
        "- README.md, line 3: Say what is tested",
        "- src/math.ts, lines 14-15: Use a block for the guard",
        "- src/math.ts, line 31: Keep ties stable",
        "",
        "Co-authored-by: mona <583231+mona@users.noreply.github.com>",
      ].join("\n"),
    );
    expect(s.fake.requestsFor("git/update-ref").map((r) => r.body)).toEqual([{ sha, force: false }]);
    expect(s.fake.resolveRef(SAMPLE.owner, SAMPLE.repo, SAMPLE.headRef)).toBe(sha);
    // Nothing is written anywhere but the PR's own head branch.
    expect(
      s.fake.requests
        .slice(requestsBefore)
        .filter((r) => r.method !== "GET")
        // Octokit sends the ref URL-encoded (`heads%2Ffeature%2F…`), which GitHub decodes.
        .map((r) => `${r.method} ${decodeURIComponent(r.path)}`),
    ).toEqual([
      "POST /repos/acme/widgets/git/blobs",
      "POST /repos/acme/widgets/git/blobs",
      "POST /repos/acme/widgets/git/trees",
      "POST /repos/acme/widgets/git/commits",
      `PATCH /repos/acme/widgets/git/refs/heads/${SAMPLE.headRef}`,
    ]);
    expect(s.fake.problems()).toEqual([]);
  });

  it("finds nothing to do on a second apply", async () => {
    await seedSuggestions();
    await applyOnce(octokit, s.fake.botLogin);
    const again = await applyOnce(octokit, s.fake.botLogin);
    expect(again.sha).toBeNull();
    expect(again.plan.files).toEqual([]);
    expect(again.plan.applied).toEqual([]);
    expect(again.plan.skipped.map((x) => x.reason)).toEqual([
      "outdated: its lines changed after it was posted",
      "outdated: its lines changed after it was posted",
      "outdated: its lines changed after it was posted",
    ]);
    expect(s.fake.requestsFor("git/create-commit")).toHaveLength(1);
  });

  it("refuses when the head moved after it was read, before writing anything", async () => {
    await seedSuggestions();
    const { pr, plan } = await readAndPlan(octokit, s.fake.botLogin);
    s.fake.pushHead(SAMPLE.owner, SAMPLE.repo, SAMPLE.number, {
      sha: "4".repeat(40),
      headContents: { "NEW.md": "x\n" },
    });
    const writesBefore = writes().length;

    const error = await new GitHubCommitter(octokit)
      .commitToHead(pr, { message: "m", files: plan.files })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(StaleHeadError);
    expect(writes().length).toBe(writesBefore);
    expect(s.fake.resolveRef(SAMPLE.owner, SAMPLE.repo, SAMPLE.headRef)).toBe("4".repeat(40));
  });

  it("turns a push that lands during the commit into StaleHeadError, leaving the pushed head", async () => {
    await seedSuggestions();
    const { pr, plan } = await readAndPlan(octokit, s.fake.botLogin);
    const stop = s.fake.onRequest((request) => {
      if (request.operationId !== "git/create-commit") return;
      s.fake.pushHead(SAMPLE.owner, SAMPLE.repo, SAMPLE.number, {
        sha: "5".repeat(40),
        headContents: { "NEW.md": "y\n" },
      });
    });

    const error = await new GitHubCommitter(octokit)
      .commitToHead(pr, { message: "m", files: plan.files })
      .catch((e: unknown) => e);
    stop();

    expect(error).toBeInstanceOf(StaleHeadError);
    expect(s.fake.requestsFor("git/update-ref").map((r) => r.status)).toEqual([422]);
    expect(s.fake.resolveRef(SAMPLE.owner, SAMPLE.repo, SAMPLE.headRef)).toBe("5".repeat(40));
  });

  it("passes on a 422 from the ref update when the branch did not move", async () => {
    await seedSuggestions();
    const { pr, plan } = await readAndPlan(octokit, s.fake.botLogin);
    s.fake.failNext("git/update-ref", { status: 422, body: { message: "Protected branch update failed" } });
    const error = await new GitHubCommitter(octokit)
      .commitToHead(pr, { message: "m", files: plan.files })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubError);
    expect(error).not.toBeInstanceOf(StaleHeadError);
    expect(error).toMatchObject({ code: "github_unprocessable", status: 422 });
    expect(s.fake.resolveRef(SAMPLE.owner, SAMPLE.repo, SAMPLE.headRef)).toBe(SAMPLE.headSha);
  });

  it("refuses cleanly when the app lacks contents: write", async () => {
    await seedSuggestions();
    s.fake.addInstallation({
      id: 77,
      account: SAMPLE.owner,
      repositories: [`${SAMPLE.owner}/${SAMPLE.repo}`],
      permissions: { contents: "read", pull_requests: "write", issues: "write", metadata: "read" },
    });
    const readOnly = await auth(77);
    const error = await applyOnce(readOnly, s.fake.botLogin).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApplyRefusedError);
    expect(error).toMatchObject({ reason: "missing_contents_write", retryable: false });
    expect(s.fake.requestsFor("git/create-blob").map((r) => r.status)).toEqual([403]);
    expect(s.fake.requestsFor("git/create-tree")).toEqual([]);
    expect(s.fake.resolveRef(SAMPLE.owner, SAMPLE.repo, SAMPLE.headRef)).toBe(SAMPLE.headSha);
  });

  it("refuses a fork that does not allow maintainer edits without a single request", async () => {
    const pr = await new GitHubReader(octokit).getPullRequest(PR);
    const count = s.fake.requests.length;
    const error = await new GitHubCommitter(octokit)
      .commitToHead(
        { ...pr, headRepoFullName: "mona/widgets", maintainerCanModify: false },
        { message: "m", files: [{ path: "README.md", bytes: Buffer.from("x\n") }] },
      )
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: "fork_without_maintainer_edits" });
    expect(s.fake.requests.length).toBe(count);
  });

  it("says the branch is gone when its ref is not found", async () => {
    const pr = await new GitHubReader(octokit).getPullRequest(PR);
    s.fake.failNext("git/get-ref", { status: 404 });
    const error = await new GitHubCommitter(octokit)
      .commitToHead(pr, { message: "m", files: [{ path: "README.md", bytes: Buffer.from("x\n") }] })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: "head_branch_missing", code: "github_not_found" });
    expect(s.fake.requestsFor("git/create-blob")).toEqual([]);
  });

  it("keeps the executable bit of a rewritten file", async () => {
    const git = octokit.rest.git;
    const repo = { owner: SAMPLE.owner, repo: SAMPLE.repo };
    const head = await git.getCommit({ ...repo, commit_sha: SAMPLE.headSha });
    const blob = await git.createBlob({ ...repo, content: "#!/bin/sh\necho hi\n", encoding: "utf-8" });
    const withScript = await git.createTree({
      ...repo,
      base_tree: head.data.tree.sha,
      tree: [{ path: "bin/run.sh", mode: "100755", type: "blob", sha: blob.data.sha }],
    });
    const commit = await git.createCommit({
      ...repo,
      message: "Add script",
      tree: withScript.data.sha,
      parents: [SAMPLE.headSha],
    });
    await git.updateRef({ ...repo, ref: `heads/${SAMPLE.headRef}`, sha: commit.data.sha });
    await postReview(octokit, [botComment("bin/run.sh", 2, 2, "Quote the word", ['echo "hi"'])]);

    const { sha, plan } = await applyOnce(octokit, s.fake.botLogin);

    expect(plan.applied).toHaveLength(1);
    const entry = (await tree(sha as string)).get("bin/run.sh");
    expect(entry?.mode).toBe("100755");
    expect(await blobText(entry?.sha ?? "")).toBe('#!/bin/sh\necho "hi"\n');
  });
});
