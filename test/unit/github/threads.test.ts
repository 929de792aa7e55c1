import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GitHubError } from "../../../src/errors.js";
import type { GitHubClient } from "../../../src/github/client.js";
import { GitHubThreads } from "../../../src/github/threads.js";
import { SAMPLE } from "../../fixtures/github/sample-pr.js";
import { startSampleFake, type SampleFake } from "../../fixtures/github/fake-setup.js";
import { installationClient, reactAs, resolveAs, SAMPLE_PR as pr } from "../review/ledger/github-seed.js";

let sample: SampleFake;
let threads: GitHubThreads;

/** The bot posts one review with inline comments at the given head lines of src/math.ts. */
async function botReview(octokit: GitHubClient, lines: number[]): Promise<number[]> {
  const { data } = await octokit.rest.pulls.createReview({
    owner: SAMPLE.owner,
    repo: SAMPLE.repo,
    pull_number: SAMPLE.number,
    commit_id: SAMPLE.headSha,
    event: "COMMENT",
    body: "review",
    comments: lines.map((line) => ({
      path: "src/math.ts",
      line,
      side: "RIGHT" as const,
      body: `Finding at ${line}`,
    })),
  });
  return sample.fake
    .reviews(SAMPLE.owner, SAMPLE.repo, SAMPLE.number)
    .find((r) => r["id"] === data.id)!
    .comments.map((c) => c["id"] as number);
}

function human(body: string, inReplyTo?: number, line = 14): number {
  return sample.fake.addReviewComment({
    owner: SAMPLE.owner,
    repo: SAMPLE.repo,
    number: SAMPLE.number,
    user: "mona",
    body,
    ...(inReplyTo === undefined ? { path: "src/math.ts", line } : { inReplyTo }),
  }).id;
}

let octokit: GitHubClient;
beforeEach(async () => {
  sample = await startSampleFake();
  octokit = await installationClient(sample);
  threads = new GitHubThreads(octokit);
});
afterEach(async () => {
  expect(sample.fake.problems()).toEqual([]);
  await sample.fake.close();
});

describe("GitHubThreads.listReviewThreads", () => {
  it("reads threads with comments, REST-form bot logins, and who resolved them", async () => {
    const [first, second] = await botReview(octokit, [14, 31]);
    human("Not a bug: b is never 0 here.", first);
    resolveAs(sample.fake, second!, "mona");

    const found = await threads.listReviewThreads(pr);

    const ids = sample.fake.threads(SAMPLE.owner, SAMPLE.repo, SAMPLE.number).map((t) => t.id);
    expect(found).toEqual([
      {
        id: ids[0],
        isResolved: false,
        isOutdated: false,
        path: "src/math.ts",
        line: 14,
        resolvedBy: null,
        resolvedByBot: false,
        comments: [
          {
            databaseId: first,
            body: "Finding at 14",
            author: "codex-spark[bot]",
            authorIsBot: true,
            createdAt: expect.any(String),
          },
          {
            databaseId: expect.any(Number),
            body: "Not a bug: b is never 0 here.",
            author: "mona",
            authorIsBot: false,
            createdAt: expect.any(String),
          },
        ],
      },
      expect.objectContaining({
        id: ids[1],
        isResolved: true,
        resolvedBy: "mona",
        resolvedByBot: false,
        line: 31,
      }),
    ]);
    const [request] = sample.fake.requestsFor("graphql");
    expect(request?.body).toMatchObject({
      variables: { owner: "acme", name: "widgets", number: 7, after: null },
    });
  });

  it("reports a thread the bot resolved as resolved by the bot", async () => {
    await botReview(octokit, [14]);
    const [thread] = sample.fake.threads(SAMPLE.owner, SAMPLE.repo, SAMPLE.number);
    await threads.resolveThread(thread!.id);
    const [found] = await threads.listReviewThreads(pr);
    expect(found).toMatchObject({ isResolved: true, resolvedBy: "codex-spark[bot]", resolvedByBot: true });
  });

  it("pages through more than 100 threads", async () => {
    for (let i = 0; i < 101; i++) human(`thread ${i}`);
    const found = await threads.listReviewThreads(pr);
    expect(found).toHaveLength(101);
    expect(found.at(-1)?.comments[0]?.body).toBe("thread 100");
    const pages = sample.fake
      .requestsFor("graphql")
      .map((r) => (r.body as { variables: { after: unknown } }).variables.after);
    expect(pages).toHaveLength(2);
    expect(pages[0]).toBeNull();
    expect(pages[1]).toEqual(expect.any(String));
  });

  it("finishes a thread with more than 100 comments through its node", async () => {
    const root = human("root");
    for (let i = 0; i < 104; i++) human(`reply ${i}`, root);
    const [found] = await threads.listReviewThreads(pr);
    expect(found?.comments).toHaveLength(105);
    expect(found?.comments.at(-1)?.body).toBe("reply 103");
    const requests = sample.fake.requestsFor("graphql");
    expect(requests).toHaveLength(2);
    expect(requests[1]?.body).toMatchObject({ variables: { id: found?.id, after: expect.any(String) } });
    expect((requests[1]?.body as { query: string }).query).toContain("node(id: $id)");
  });
});

describe("GitHubThreads REST reads", () => {
  it("lists every review comment across pages, with the 👎 rollup", async () => {
    const [first] = await botReview(octokit, [14]);
    for (let i = 0; i < 100; i++) human(`reply ${i}`, first);
    reactAs(sample.fake, first!, "mona", "-1");
    reactAs(sample.fake, first!, "hubot", "+1");

    const comments = await threads.listReviewComments(pr);

    expect(comments).toHaveLength(101);
    expect(comments[0]).toEqual({
      id: first,
      nodeId: expect.stringMatching(/^PRRC_/),
      inReplyToId: null,
      author: "codex-spark[bot]",
      authorIsBot: true,
      body: "Finding at 14",
      path: "src/math.ts",
      line: 14,
      startLine: null,
      originalLine: 14,
      originalStartLine: null,
      side: "RIGHT",
      diffHunk: expect.stringMatching(/^@@ -11,6 \+11,7 @@[\s\S]*\n\+ {2}if \(b === 0\)/),
      commitId: SAMPLE.headSha,
      originalCommitId: SAMPLE.headSha,
      createdAt: expect.any(String),
      thumbsDown: 1,
    });
    expect(comments[1]).toMatchObject({ inReplyToId: first, author: "mona", authorIsBot: false });
    const pages = sample.fake.requestsFor("pulls/list-review-comments");
    expect(pages.map((r) => [r.query.per_page, r.query.page ?? "1"])).toEqual([
      ["100", "1"],
      ["100", "2"],
    ]);
  });

  it("lists a comment's reactions, optionally of one kind", async () => {
    const [first] = await botReview(octokit, [14]);
    reactAs(sample.fake, first!, "mona", "-1");
    reactAs(sample.fake, first!, "octo-dev", "+1");

    expect(await threads.listCommentReactions(pr, first!, "-1")).toEqual([
      { content: "-1", user: "mona", userIsBot: false },
    ]);
    expect((await threads.listCommentReactions(pr, first!)).map((r) => r.content)).toEqual(["-1", "+1"]);
    const [request] = sample.fake.requestsFor("reactions/list-for-pull-request-review-comment");
    expect(request?.path).toBe(`/repos/acme/widgets/pulls/comments/${first}/reactions`);
    expect(request?.query).toEqual({ per_page: "100", content: "-1" });
  });

  it("lists the comments of one review", async () => {
    const ids = await botReview(octokit, [14, 31]);
    const review = sample.fake.reviews(SAMPLE.owner, SAMPLE.repo, SAMPLE.number)[0]!;
    human("someone else's thread");
    const comments = await threads.listReviewCommentsOfReview(pr, review["id"] as number);
    expect(comments.map((c) => c.id)).toEqual(ids);
  });
});

describe("GitHubThreads writes", () => {
  it("replies with in_reply_to on the comments endpoint, never /replies", async () => {
    const [first] = await botReview(octokit, [14]);
    const { id } = await threads.replyToReviewComment(pr, first!, "Fixed in `abc1234`.", {
      path: "src/math.ts",
      commitId: SAMPLE.headSha,
    });

    const requests = sample.fake.requests.filter((r) => r.operationId?.startsWith("pulls/"));
    expect(requests.map((r) => r.operationId)).toEqual([
      "pulls/create-review",
      "pulls/create-review-comment",
    ]);
    expect(requests[1]?.body).toEqual({
      body: "Fixed in `abc1234`.",
      in_reply_to: first,
      commit_id: SAMPLE.headSha,
      path: "src/math.ts",
    });
    const [thread] = sample.fake.threads(SAMPLE.owner, SAMPLE.repo, SAMPLE.number);
    expect(thread?.comments.map((c) => [c.id, c.author])).toEqual([
      [first, "codex-spark[bot]"],
      [id, "codex-spark[bot]"],
    ]);
  });

  it("reads the parent comment first when no anchor is given", async () => {
    const [first] = await botReview(octokit, [31]);
    await threads.replyToReviewComment(pr, first!, "Still present.");
    expect(sample.fake.requestsFor("pulls/get-review-comment").map((r) => r.path)).toEqual([
      `/repos/acme/widgets/pulls/comments/${first}`,
    ]);
    expect(sample.fake.requestsFor("pulls/create-review-comment")[0]?.body).toMatchObject({
      in_reply_to: first,
      path: "src/math.ts",
      commit_id: SAMPLE.headSha,
    });
  });

  it("resolves a thread through GraphQL", async () => {
    await botReview(octokit, [14, 31]);
    const [, second] = sample.fake.threads(SAMPLE.owner, SAMPLE.repo, SAMPLE.number);
    await threads.resolveThread(second!.id);
    expect(sample.fake.threads(SAMPLE.owner, SAMPLE.repo, SAMPLE.number).map((t) => t.isResolved)).toEqual([
      false,
      true,
    ]);
    const [request] = sample.fake.requestsFor("graphql");
    expect(request?.body).toMatchObject({ variables: { threadId: second!.id } });
    expect((request?.body as { query: string }).query).toContain(
      "resolveReviewThread(input: { threadId: $threadId })",
    );
  });

  it("translates GraphQL and HTTP failures into typed errors", async () => {
    const unknown = await threads.resolveThread("PRRT_kwDOnope").catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(GitHubError);
    expect(unknown).toMatchObject({ code: "github_not_found", retryable: false });

    sample.fake.failNext("graphql", { status: 502 });
    expect(await threads.listReviewThreads(pr).catch((e: unknown) => e)).toMatchObject({
      code: "github_unavailable",
      retryable: true,
      status: 502,
    });

    sample.fake.failNext("pulls/create-review-comment", { status: 403, headers: { "retry-after": "3" } });
    const [first] = await botReview(octokit, [14]);
    const limited = await threads
      .replyToReviewComment(pr, first!, "x", { path: "src/math.ts", commitId: SAMPLE.headSha })
      .catch((e: unknown) => e);
    expect(limited).toMatchObject({ code: "github_rate_limited", retryable: true, retryAfterMs: 3000 });
  });
});
