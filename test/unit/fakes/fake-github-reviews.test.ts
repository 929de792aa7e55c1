import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startSampleFake, type SampleFake } from "../../fixtures/github/fake-setup.js";
import { SAMPLE } from "../../fixtures/github/sample-pr.js";

const repo = { owner: SAMPLE.owner, repo: SAMPLE.repo };
const pr = { ...repo, pull_number: SAMPLE.number };

interface HttpFailure {
  status: number;
  response: { data: { message?: string; errors?: unknown[]; status?: string } };
}

async function failure(promise: Promise<unknown>): Promise<HttpFailure> {
  try {
    await promise;
  } catch (error) {
    return error as HttpFailure;
  }
  throw new Error("expected the request to fail");
}

let s: SampleFake;
beforeEach(async () => {
  s = await startSampleFake();
});
afterEach(() => s.fake.close());

type ReviewComment = {
  path: string;
  body: string;
  line?: number;
  side?: string;
  start_line?: number;
  start_side?: string;
};

type CreateReviewParams = Parameters<SampleFake["octokit"]["rest"]["pulls"]["createReview"]>[0];

/* Typed loosely on purpose: tests send what Octokit's types would refuse, as a buggy bot could. */
function review(comments: ReviewComment[], extra: Record<string, unknown> = {}) {
  const params = {
    ...pr,
    commit_id: SAMPLE.headSha,
    event: "COMMENT",
    body: "Findings below.",
    comments,
    ...extra,
  };
  return s.octokit.rest.pulls.createReview(params as CreateReviewParams);
}

describe("pulls/create-review line checks (one bad comment rejects the whole review)", () => {
  it("accepts added, context and removed lines on their own side, and a range inside one hunk", async () => {
    const response = await review([
      { path: "src/math.ts", line: 14, side: "RIGHT", body: "added line" },
      { path: "src/math.ts", line: 17, side: "RIGHT", body: "context line" },
      { path: "src/math.ts", line: 30, side: "LEFT", body: "removed line" },
      { path: "src/math.ts", start_line: 28, line: 31, side: "RIGHT", body: "range" },
    ]);

    expect(response.status).toBe(200);
    const [stored] = s.fake.reviews(SAMPLE.owner, SAMPLE.repo, SAMPLE.number);
    expect(stored?.["state"]).toBe("COMMENTED");
    expect(stored?.comments.map((c) => [c["line"], c["side"], c["start_line"]])).toEqual([
      [14, "RIGHT", null],
      [17, "RIGHT", null],
      [30, "LEFT", null],
      [31, "RIGHT", 28],
    ]);
    expect(stored?.comments[0]?.["user"]).toMatchObject({ login: "codex-spark[bot]", type: "Bot" });
    expect(stored?.comments[0]?.["pull_request_review_id"]).toBe(response.data.id);
  });

  it("rejects a line outside every hunk with GitHub's 422 and stores nothing", async () => {
    const error = await failure(
      review([
        { path: "src/math.ts", line: 14, body: "fine" },
        { path: "src/math.ts", line: 20, body: "off the diff" },
      ]),
    );

    expect(error.status).toBe(422);
    expect(error.response.data).toMatchObject({
      message: "Unprocessable Entity",
      errors: ["Line could not be resolved"],
      status: "422",
    });
    expect(s.fake.reviews(SAMPLE.owner, SAMPLE.repo, SAMPLE.number)).toEqual([]);
  });

  it("rejects a range spanning two hunks", async () => {
    const error = await failure(
      review([{ path: "src/math.ts", start_line: 14, line: 31, body: "too wide" }]),
    );
    expect(error.status).toBe(422);
    expect(JSON.stringify(error.response.data.errors)).toContain("same hunk");
  });

  it("rejects start_line equal to line", async () => {
    const error = await failure(review([{ path: "src/math.ts", start_line: 31, line: 31, body: "x" }]));
    expect(error.status).toBe(422);
    expect(JSON.stringify(error.response.data.errors)).toContain("start line must precede the end line");
  });

  it("rejects a LEFT line that exists only on the right", async () => {
    // RIGHT 34 is the last context line of hunk 2; on the left that hunk ends at 33.
    await expect(
      review([{ path: "src/math.ts", line: 34, side: "RIGHT", body: "ok" }]),
    ).resolves.toBeDefined();
    const error = await failure(
      review([{ path: "src/math.ts", line: 34, side: "LEFT", body: "no such left line" }]),
    );
    expect(error.status).toBe(422);
    expect(error.response.data.errors).toEqual(["Line could not be resolved"]);
  });

  it("rejects a path that is not in the PR, and a file without a patch", async () => {
    const missing = await failure(review([{ path: "src/other.ts", line: 1, body: "x" }]));
    expect(missing.response.data.errors).toEqual(["Path could not be resolved"]);
    const binary = await failure(review([{ path: "assets/logo.png", line: 1, body: "x" }]));
    expect(binary.response.data.errors).toEqual(["Line could not be resolved"]);
  });

  it("records an unknown property as a schema violation with the Invalid request shape", async () => {
    const error = await failure(
      review([{ path: "src/math.ts", line: 14, body: "x", severity: "high" } as ReviewComment]),
    );

    expect(error.status).toBe(422);
    expect(error.response.data.message).toMatch(
      /^Invalid request\.\n\n.*"severity" is not a permitted key\./s,
    );
    expect(s.fake.violations).toHaveLength(1);
    expect(s.fake.violations[0]).toMatchObject({ operationId: "pulls/create-review" });
  });

  it("rejects a side other than LEFT/RIGHT as a violation", async () => {
    await failure(review([{ path: "src/math.ts", line: 14, side: "right", body: "x" }]));
    expect(s.fake.violations[0]?.problems.join()).toContain('"right" is not one of ["LEFT","RIGHT"]');
  });

  it("requires a body with COMMENT and with REQUEST_CHANGES", async () => {
    const comment = await failure(review([], { body: undefined }));
    expect(comment.status).toBe(422);
    const changes = await failure(review([], { body: "", event: "REQUEST_CHANGES" }));
    expect(changes.status).toBe(422);
    expect(s.fake.reviews(SAMPLE.owner, SAMPLE.repo, SAMPLE.number)).toEqual([]);
  });

  it("rejects a body longer than 65536 characters", async () => {
    const error = await failure(review([], { body: "x".repeat(65_537) }));
    expect(error.status).toBe(422);
    expect(JSON.stringify(error.response.data)).toContain("body is too long (maximum is 65536 characters)");
    await expect(review([], { body: "x".repeat(65_536) })).resolves.toMatchObject({ status: 200 });
  });

  it("requires commit_id, and records its absence as a violation", async () => {
    const error = await failure(review([], { commit_id: undefined }));
    expect(error.status).toBe(422);
    expect(s.fake.violations.map((v) => v.problems)).toEqual([["commit_id missing"]]);
  });

  it("leaves a review without event PENDING, hidden from the public comment list", async () => {
    const pending = await review([{ path: "src/math.ts", line: 14, body: "draft" }], { event: undefined });
    expect(pending.data.state).toBe("PENDING");
    expect(pending.data).not.toHaveProperty("submitted_at");
    const listed = await s.octokit.rest.pulls.listReviewComments(pr);
    expect(listed.data).toEqual([]);
    const second = await failure(review([], { event: undefined }));
    expect(second.status).toBe(422);

    const submitted = await s.octokit.rest.pulls.submitReview({
      ...pr,
      review_id: pending.data.id,
      event: "COMMENT",
      body: "Now public",
    });
    expect(submitted.data.state).toBe("COMMENTED");
    expect((await s.octokit.rest.pulls.listReviewComments(pr)).data).toHaveLength(1);
  });

  it("serves stored reviews and comments back through the read endpoints", async () => {
    const created = await review([{ path: "src/math.ts", line: 31, body: "Prefer Math.max." }]);
    const reviews = await s.octokit.rest.pulls.listReviews(pr);
    expect(reviews.data.map((r) => r.id)).toEqual([created.data.id]);
    expect((await s.octokit.rest.pulls.getReview({ ...pr, review_id: created.data.id })).data.body).toBe(
      "Findings below.",
    );
    const comments = await s.octokit.rest.pulls.listCommentsForReview({ ...pr, review_id: created.data.id });
    expect(comments.data).toHaveLength(1);
    expect(comments.data[0]).toMatchObject({
      path: "src/math.ts",
      commit_id: SAMPLE.headSha,
      original_commit_id: SAMPLE.headSha,
      diff_hunk: expect.stringMatching(/^@@ -27,7 \+28,7 @@.*\n[\s\S]*\+ {2}return a > b \? a : b;$/),
    });
  });
});

describe("pulls/create-review-comment", () => {
  it("places a single comment with the same checks and GitHub's field-level error", async () => {
    const ok = await s.octokit.rest.pulls.createReviewComment({
      ...pr,
      commit_id: SAMPLE.headSha,
      path: "src/math.ts",
      line: 14,
      side: "RIGHT",
      body: "Single",
    });
    expect(ok.status).toBe(201);

    const error = await failure(
      s.octokit.rest.pulls.createReviewComment({
        ...pr,
        commit_id: SAMPLE.headSha,
        path: "src/math.ts",
        line: 3,
        side: "RIGHT",
        body: "x",
      }),
    );
    expect(error.status).toBe(422);
    expect(JSON.stringify(error.response.data)).toContain(
      "pull_request_review_thread.line must be part of the diff",
    );
  });

  it("answers a reply (body + in_reply_to) in the thread of the root comment", async () => {
    const created = await review([{ path: "src/math.ts", line: 14, body: "Root" }]);
    const [root] = (await s.octokit.rest.pulls.listCommentsForReview({ ...pr, review_id: created.data.id }))
      .data;
    // GitHub's schema wants commit_id and path here, but a reply is served with the body alone.
    const replyParams = { ...pr, body: "Fixed in the next push.", in_reply_to: root?.id ?? 0 };
    const reply = await s.octokit.rest.pulls.createReviewComment(
      replyParams as unknown as Parameters<typeof s.octokit.rest.pulls.createReviewComment>[0],
    );

    expect(reply.status).toBe(201);
    expect(reply.data).toMatchObject({ in_reply_to_id: root?.id, path: "src/math.ts", line: 14 });
    expect(s.fake.violations).toEqual([]);
    expect(s.fake.threads(SAMPLE.owner, SAMPLE.repo, SAMPLE.number)[0]?.comments.map((c) => c.body)).toEqual([
      "Root",
      "Fixed in the next push.",
    ]);
  });

  it("refuses the /replies endpoint to an app (not enabled for GitHub Apps)", async () => {
    const created = await review([{ path: "src/math.ts", line: 14, body: "Root" }]);
    const [root] = s.fake.reviews(SAMPLE.owner, SAMPLE.repo, SAMPLE.number)[0]?.comments ?? [];
    const error = await failure(
      s.octokit.rest.pulls.createReplyForReviewComment({
        ...pr,
        comment_id: Number(root?.["id"]),
        body: "x",
      }),
    );
    expect(created.status).toBe(200);
    expect(error.status).toBe(403);
    expect(s.fake.violations[0]?.operationId).toBe("pulls/create-reply-for-review-comment");
  });
});
