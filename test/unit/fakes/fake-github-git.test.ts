import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startSampleFake, type SampleFake } from "../../fixtures/github/fake-setup.js";
import { MATH_HEAD, SAMPLE } from "../../fixtures/github/sample-pr.js";

const repo = { owner: SAMPLE.owner, repo: SAMPLE.repo };
const headRef = `heads/${SAMPLE.headRef}`;

let s: SampleFake;
beforeEach(async () => {
  s = await startSampleFake();
});
afterEach(() => s.fake.close());

async function failure(
  promise: Promise<unknown>,
): Promise<{ status: number; response: { data: { message: string } } }> {
  try {
    await promise;
  } catch (error) {
    return error as { status: number; response: { data: { message: string } } };
  }
  throw new Error("expected the request to fail");
}

describe("Git data API round trip (committing a suggestion)", () => {
  it("creates blob, tree on a base tree, commit and fast-forwards the head branch", async () => {
    const git = s.octokit.rest.git;
    const ref = await git.getRef({ ...repo, ref: headRef });
    expect(ref.data).toMatchObject({
      ref: `refs/${headRef}`,
      object: { type: "commit", sha: SAMPLE.headSha },
    });
    const head = await git.getCommit({ ...repo, commit_sha: ref.data.object.sha });
    const fixed = MATH_HEAD.replace("return a > b ? a : b;", "return Math.max(a, b);");
    const blob = await git.createBlob({
      ...repo,
      content: Buffer.from(fixed).toString("base64"),
      encoding: "base64",
    });
    const tree = await git.createTree({
      ...repo,
      base_tree: head.data.tree.sha,
      tree: [{ path: "src/math.ts", mode: "100644", type: "blob", sha: blob.data.sha }],
    });
    const commit = await git.createCommit({
      ...repo,
      message: "Apply suggestion from Codex",
      tree: tree.data.sha,
      parents: [head.data.sha],
    });
    const updated = await git.updateRef({ ...repo, ref: headRef, sha: commit.data.sha });

    expect(updated.data.object.sha).toBe(commit.data.sha);
    expect(commit.data.author.name).toBe("codex-spark[bot]");
    expect(s.fake.fileAt(SAMPLE.owner, SAMPLE.repo, SAMPLE.headRef, "src/math.ts")).toBe(fixed);
    expect(s.fake.fileAt(SAMPLE.owner, SAMPLE.repo, SAMPLE.headRef, "README.md")).toBe(
      s.fake.fileAt(SAMPLE.owner, SAMPLE.repo, SAMPLE.headSha, "README.md"),
    );
    const listed = await git.getTree({ ...repo, tree_sha: commit.data.tree.sha, recursive: "1" });
    expect(listed.data.tree.map((e) => `${e.type} ${e.path}`)).toEqual([
      "blob README.md",
      "tree assets",
      "blob assets/logo.png",
      "blob package.json",
      "tree src",
      "blob src/math.ts",
    ]);
    // The PR follows its head branch, as after a push.
    const pull = await s.octokit.rest.pulls.get({ ...repo, pull_number: SAMPLE.number });
    expect(pull.data.head.sha).toBe(commit.data.sha);
  });

  it("computes real Git object ids", async () => {
    const blob = await s.octokit.rest.git.createBlob({ ...repo, content: "hello\n", encoding: "utf-8" });
    expect(blob.data.sha).toBe("ce013625030ba8dba906f756967f9e9ca394464a");
    const empty = await s.octokit.rest.git.createTree({ ...repo, tree: [] });
    expect(empty.data.sha).toBe("4b825dc642cb6eb9a060e54bf8d69288fbee4904");
    const read = await s.octokit.rest.git.getBlob({ ...repo, file_sha: blob.data.sha });
    expect(Buffer.from(read.data.content, "base64").toString("utf8")).toBe("hello\n");
  });

  it("deletes a path with sha: null and rejects sha and content together", async () => {
    const head = await s.octokit.rest.git.getCommit({ ...repo, commit_sha: SAMPLE.headSha });
    const tree = await s.octokit.rest.git.createTree({
      ...repo,
      base_tree: head.data.tree.sha,
      tree: [{ path: "README.md", mode: "100644", type: "blob", sha: null }],
    });
    const listed = await s.octokit.rest.git.getTree({ ...repo, tree_sha: tree.data.sha });
    expect(listed.data.tree.map((e) => e.path)).not.toContain("README.md");
    const both = await failure(
      s.octokit.rest.git.createTree({
        ...repo,
        tree: [{ path: "a", mode: "100644", type: "blob", sha: "x", content: "y" }],
      }),
    );
    expect(both.status).toBe(422);
  });

  it("refuses a non-fast-forward update without force, and takes it with force", async () => {
    const head = await s.octokit.rest.git.getCommit({ ...repo, commit_sha: SAMPLE.headSha });
    const sideways = await s.octokit.rest.git.createCommit({
      ...repo,
      message: "Unrelated",
      tree: head.data.tree.sha,
      parents: [SAMPLE.baseSha],
    });
    const error = await failure(
      s.octokit.rest.git.updateRef({ ...repo, ref: headRef, sha: sideways.data.sha }),
    );
    expect(error.status).toBe(422);
    expect(error.response.data.message).toBe("Update is not a fast forward");
    expect(s.fake.resolveRef(SAMPLE.owner, SAMPLE.repo, SAMPLE.headRef)).toBe(SAMPLE.headSha);

    await s.octokit.rest.git.updateRef({ ...repo, ref: headRef, sha: sideways.data.sha, force: true });
    expect(s.fake.resolveRef(SAMPLE.owner, SAMPLE.repo, SAMPLE.headRef)).toBe(sideways.data.sha);
  });

  it("writes a file through the contents API, requiring the current blob sha to replace one", async () => {
    const put = (sha?: string) =>
      s.octokit.rest.repos.createOrUpdateFileContents({
        ...repo,
        path: "README.md",
        branch: SAMPLE.headRef,
        message: "Update README",
        content: Buffer.from("# widgets\n").toString("base64"),
        ...(sha ? { sha } : {}),
      });
    expect((await failure(put())).status).toBe(422);
    expect((await failure(put("0".repeat(40)))).status).toBe(409);
    const current = await s.octokit.rest.repos.getContent({
      ...repo,
      path: "README.md",
      ref: SAMPLE.headRef,
    });
    const done = await put((current.data as { sha: string }).sha);
    expect(done.status).toBe(200);
    expect(s.fake.fileAt(SAMPLE.owner, SAMPLE.repo, SAMPLE.headRef, "README.md")).toBe("# widgets\n");
  });
});

describe("check runs", () => {
  it("creates, updates and lists the latest run per name", async () => {
    const checks = s.octokit.rest.checks;
    const run = await checks.create({
      ...repo,
      name: "Codex review",
      head_sha: SAMPLE.headSha,
      status: "in_progress",
    });
    expect(run.data).toMatchObject({ status: "in_progress", conclusion: null, app: { id: s.appId } });
    expect(run.data.pull_requests.map((p) => p.number)).toEqual([SAMPLE.number]);
    const done = await checks.update({
      ...repo,
      check_run_id: run.data.id,
      conclusion: "neutral",
      output: { title: "2 findings", summary: "See the review." },
    });
    expect(done.data).toMatchObject({
      status: "completed",
      conclusion: "neutral",
      output: { title: "2 findings" },
    });
    expect(done.data.completed_at).not.toBeNull();
    await checks.create({ ...repo, name: "Codex review", head_sha: SAMPLE.headSha, status: "queued" });

    const latest = await checks.listForRef({ ...repo, ref: SAMPLE.headSha });
    expect(latest.data.total_count).toBe(1);
    expect(latest.data.check_runs[0]?.status).toBe("queued");
    expect((await checks.listForRef({ ...repo, ref: SAMPLE.headSha, filter: "all" })).data.total_count).toBe(
      2,
    );
    expect(s.fake.checkRuns(SAMPLE.owner, SAMPLE.repo, SAMPLE.headSha)).toHaveLength(2);
  });

  it("refuses a completed run without conclusion, stale, and an over-long summary", async () => {
    const create = (extra: Record<string, unknown>) =>
      s.octokit.rest.checks.create({
        ...repo,
        name: "Codex review",
        head_sha: SAMPLE.headSha,
        ...extra,
      } as Parameters<typeof s.octokit.rest.checks.create>[0]);
    expect((await failure(create({ status: "completed" }))).status).toBe(422);
    expect((await failure(create({ conclusion: "stale" }))).status).toBe(422);
    expect((await failure(create({ output: { title: "t", summary: "x".repeat(65_536) } }))).status).toBe(422);
    expect((await failure(create({ head_sha: "9".repeat(40) }))).status).toBe(422);
    const run = await create({ status: "queued" });
    const update = s.octokit.rest.checks.update({ ...repo, check_run_id: run.data.id, status: "completed" });
    expect((await failure(update)).status).toBe(422);
    expect(s.fake.checkRuns(SAMPLE.owner, SAMPLE.repo)).toHaveLength(1);
  });
});
