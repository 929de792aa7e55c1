import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { restContracts } from "../../fakes/github/contracts.js";
import { allHandlers } from "../../fakes/github/handlers.js";
import { HookDeliveries, hookDeliveryHandlers } from "../../fakes/github/hook-deliveries.js";
import { Router } from "../../fakes/github/router.js";
import { ResponseValidator } from "../../fakes/github/validate.js";
import { startSampleFake, type SampleFake } from "../../fixtures/github/fake-setup.js";
import { SAMPLE } from "../../fixtures/github/sample-pr.js";

const contracts = restContracts();
const responses = new ResponseValidator(contracts);
const repo = { owner: SAMPLE.owner, repo: SAMPLE.repo };
const pr = { ...repo, pull_number: SAMPLE.number };

describe("the contract subset", () => {
  it("has 46 operations, each routed by its own template and served by a handler", () => {
    const router = new Router(contracts);
    const ids = Object.keys(contracts);
    expect(ids).toHaveLength(46);
    const deliveries = new HookDeliveries(() => 1);
    const handlers = { ...allHandlers, ...hookDeliveryHandlers(() => deliveries) };
    for (const id of ids) {
      const contract = contracts[id];
      const path = (contract?.path ?? "").replace(/\{(\w+)\}/g, (_m, name: string) =>
        name === "path"
          ? "src/deep/file.ts"
          : name === "ref" && id.startsWith("git/")
            ? "heads/feature/x"
            : "123",
      );
      expect(router.match(contract?.method ?? "", path)?.operationId, `${id} ← ${path}`).toBe(id);
      expect(handlers[id], id).toBeTypeOf("function");
    }
  });

  it("routes parameters that hold slashes", () => {
    const router = new Router(contracts);
    expect(router.match("GET", "/repos/o/r/compare/main...feature/x")?.params).toMatchObject({
      base: "main",
      head: "feature/x",
    });
    expect(router.match("GET", "/repos/o/r/git/ref/heads%2Ffeature%2Fx")?.params["ref"]).toBe(
      "heads/feature/x",
    );
    expect(router.match("PATCH", "/repos/o/r/git/refs/heads/feature/x")?.params["ref"]).toBe(
      "heads/feature/x",
    );
    expect(router.match("GET", "/repos/o/r/contents/a/b%20c.md")?.params["path"]).toBe("a/b c.md");
    expect(router.match("GET", "/repos/o/r/commits/abc/check-runs")?.operationId).toBe("checks/list-for-ref");
  });
});

describe("the fake's answers validate against GitHub's response schemas", () => {
  let s: SampleFake;
  beforeAll(async () => {
    s = await startSampleFake();
  });
  afterAll(() => s.fake.close());

  function expectValid(operationId: string, status: number, body: unknown) {
    expect(responses.validate(operationId, status, body), operationId).toEqual([]);
  }

  it("pull requests, files, commits, compare", async () => {
    const o = s.octokit.rest;
    expectValid("pulls/get", 200, (await o.pulls.get(pr)).data);
    expectValid("pulls/list-files", 200, (await o.pulls.listFiles(pr)).data);
    expectValid("pulls/list-commits", 200, (await o.pulls.listCommits(pr)).data);
    expectValid(
      "repos/compare-commits",
      200,
      (await o.repos.compareCommits({ ...repo, base: SAMPLE.baseSha, head: SAMPLE.headSha })).data,
    );
    expectValid("repos/get-commit", 200, (await o.repos.getCommit({ ...repo, ref: SAMPLE.headSha })).data);
  });

  it("repository, permission, contents", async () => {
    const o = s.octokit.rest;
    expectValid("repos/get", 200, (await o.repos.get(repo)).data);
    expectValid(
      "repos/get-collaborator-permission-level",
      200,
      (await o.repos.getCollaboratorPermissionLevel({ ...repo, username: SAMPLE.author })).data,
    );
    expectValid(
      "repos/get-content",
      200,
      (await o.repos.getContent({ ...repo, path: "src/math.ts", ref: SAMPLE.headSha })).data,
    );
    expectValid(
      "repos/get-content",
      200,
      (await o.repos.getContent({ ...repo, path: "src", ref: SAMPLE.headSha })).data,
    );
    expectValid("rate-limit/get", 200, (await o.rateLimit.get()).data);
  });

  it("reviews, review comments, issue comments, reactions", async () => {
    const o = s.octokit.rest;
    const review = await o.pulls.createReview({
      ...pr,
      commit_id: SAMPLE.headSha,
      event: "COMMENT",
      body: "Two findings.",
      comments: [
        { path: "src/math.ts", line: 14, side: "RIGHT", body: "Guard is fine." },
        { path: "src/math.ts", start_line: 28, line: 31, side: "RIGHT", body: "Range." },
      ],
    });
    expectValid("pulls/create-review", 200, review.data);
    expectValid("pulls/list-reviews", 200, (await o.pulls.listReviews(pr)).data);
    expectValid(
      "pulls/get-review",
      200,
      (await o.pulls.getReview({ ...pr, review_id: review.data.id })).data,
    );
    const comments = await o.pulls.listCommentsForReview({ ...pr, review_id: review.data.id });
    expectValid("pulls/list-comments-for-review", 200, comments.data);
    const first = comments.data[0]?.id ?? 0;
    expectValid("pulls/list-review-comments", 200, (await o.pulls.listReviewComments(pr)).data);
    expectValid(
      "pulls/get-review-comment",
      200,
      (await o.pulls.getReviewComment({ ...repo, comment_id: first })).data,
    );
    const reply = await o.pulls.createReplyForReviewComment.endpoint.merge({
      ...pr,
      comment_id: first,
      body: "x",
    });
    expect(reply.url).toContain("/replies");
    expectValid(
      "pulls/create-review-comment",
      201,
      (
        await o.pulls.createReviewComment({ ...pr, body: "Thanks!", in_reply_to: first } as Parameters<
          typeof o.pulls.createReviewComment
        >[0])
      ).data,
    );
    const issueComment = await o.issues.createComment({
      ...repo,
      issue_number: SAMPLE.number,
      body: "Reviewing…",
    });
    expectValid("issues/create-comment", 201, issueComment.data);
    expectValid(
      "issues/list-comments",
      200,
      (await o.issues.listComments({ ...repo, issue_number: SAMPLE.number })).data,
    );
    expectValid(
      "issues/update-comment",
      200,
      (await o.issues.updateComment({ ...repo, comment_id: issueComment.data.id, body: "Done." })).data,
    );
    const reaction = await o.reactions.createForIssueComment({
      ...repo,
      comment_id: issueComment.data.id,
      content: "eyes",
    });
    expectValid("reactions/create-for-issue-comment", 201, reaction.data);
    expectValid(
      "reactions/list-for-issue-comment",
      200,
      (await o.reactions.listForIssueComment({ ...repo, comment_id: issueComment.data.id })).data,
    );
    expectValid(
      "reactions/create-for-issue",
      201,
      (await o.reactions.createForIssue({ ...repo, issue_number: SAMPLE.number, content: "rocket" })).data,
    );
  });

  it("check runs and the Git data API", async () => {
    const o = s.octokit.rest;
    const run = await o.checks.create({
      ...repo,
      name: "Codex review",
      head_sha: SAMPLE.headSha,
      status: "in_progress",
    });
    expectValid("checks/create", 201, run.data);
    expectValid(
      "checks/update",
      200,
      (
        await o.checks.update({
          ...repo,
          check_run_id: run.data.id,
          conclusion: "success",
          output: { title: "Done", summary: "No findings." },
        })
      ).data,
    );
    expectValid(
      "checks/list-for-ref",
      200,
      (await o.checks.listForRef({ ...repo, ref: SAMPLE.headSha })).data,
    );
    const ref = await o.git.getRef({ ...repo, ref: `heads/${SAMPLE.headRef}` });
    expectValid("git/get-ref", 200, ref.data);
    const commit = await o.git.getCommit({ ...repo, commit_sha: ref.data.object.sha });
    expectValid("git/get-commit", 200, commit.data);
    expectValid(
      "git/get-tree",
      200,
      (await o.git.getTree({ ...repo, tree_sha: commit.data.tree.sha, recursive: "true" })).data,
    );
    const blob = await o.git.createBlob({ ...repo, content: "x\n" });
    expectValid("git/create-blob", 201, blob.data);
    expectValid("git/get-blob", 200, (await o.git.getBlob({ ...repo, file_sha: blob.data.sha })).data);
    const tree = await o.git.createTree({
      ...repo,
      base_tree: commit.data.tree.sha,
      tree: [{ path: "x.txt", mode: "100644", type: "blob", sha: blob.data.sha }],
    });
    expectValid("git/create-tree", 201, tree.data);
    const created = await o.git.createCommit({
      ...repo,
      message: "Add x",
      tree: tree.data.sha,
      parents: [commit.data.sha],
    });
    expectValid("git/create-commit", 201, created.data);
    expectValid(
      "git/update-ref",
      200,
      (await o.git.updateRef({ ...repo, ref: `heads/${SAMPLE.headRef}`, sha: created.data.sha })).data,
    );
    const put = await o.repos.createOrUpdateFileContents({
      ...repo,
      path: "notes.md",
      message: "Add notes",
      content: Buffer.from("hi").toString("base64"),
      branch: SAMPLE.headRef,
    });
    expectValid("repos/create-or-update-file-contents", 201, put.data);
  });

  it("error bodies match the error schemas", async () => {
    const failed = await s.octokit.rest.pulls
      .createReview({
        ...pr,
        commit_id: SAMPLE.headSha,
        event: "COMMENT",
        body: "x",
        comments: [{ path: "src/math.ts", line: 99, body: "x" }],
      })
      .catch((error: { status: number; response: { data: unknown } }) => error);
    expect("status" in failed && failed.status).toBe(422);
    expectValid("pulls/create-review", 422, "response" in failed ? failed.response.data : undefined);
  });

  it("the validator itself rejects a wrong shape (so these checks can fail)", () => {
    expect(responses.validate("pulls/get", 200, { number: "7" })).not.toEqual([]);
  });
});
