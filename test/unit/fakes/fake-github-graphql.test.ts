import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseGraphql, valueOf } from "../../fakes/github/graphql-parse.js";
import { startSampleFake, type SampleFake } from "../../fixtures/github/fake-setup.js";
import { SAMPLE } from "../../fixtures/github/sample-pr.js";

const THREADS = `
  query Threads($owner: String!, $name: String!, $number: Int!, $after: String) {
    repository(owner: $owner, name: $name) {
      pullRequest(number: $number) {
        reviewThreads(first: 1, after: $after) {
          nodes {
            id isResolved isOutdated path line
            comments(first: 20) { nodes { id databaseId body author { login } } }
          }
          pageInfo { hasNextPage endCursor }
        }
      }
    }
  }`;

interface ThreadsResult {
  repository: {
    pullRequest: {
      reviewThreads: {
        nodes: Array<{
          id: string;
          isResolved: boolean;
          isOutdated: boolean;
          path: string;
          line: number | null;
          comments: { nodes: Array<{ databaseId: number; body: string; author: { login: string } }> };
        }>;
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    };
  };
}

const vars = { owner: SAMPLE.owner, name: SAMPLE.repo, number: SAMPLE.number };

let s: SampleFake;
beforeEach(async () => {
  s = await startSampleFake();
  await s.octokit.rest.pulls.createReview({
    owner: SAMPLE.owner,
    repo: SAMPLE.repo,
    pull_number: SAMPLE.number,
    commit_id: SAMPLE.headSha,
    event: "COMMENT",
    body: "Two findings",
    comments: [
      { path: "src/math.ts", line: 14, side: "RIGHT", body: "First" },
      { path: "src/math.ts", line: 31, side: "RIGHT", body: "Second" },
    ],
  });
});
afterEach(() => s.fake.close());

describe("GraphQL review threads", () => {
  it("pages through threads built from the stored review comments and their replies", async () => {
    const [first] = s.fake.threads(SAMPLE.owner, SAMPLE.repo, SAMPLE.number);
    s.fake.addReviewComment({
      owner: SAMPLE.owner,
      repo: SAMPLE.repo,
      number: SAMPLE.number,
      user: "mona",
      body: "Why?",
      inReplyTo: first?.comments[0]?.id ?? 0,
    });

    const page1 = await s.octokit.graphql<ThreadsResult>(THREADS, vars);
    const threads1 = page1.repository.pullRequest.reviewThreads;
    expect(threads1.nodes).toHaveLength(1);
    expect(threads1.nodes[0]).toMatchObject({
      isResolved: false,
      isOutdated: false,
      path: "src/math.ts",
      line: 14,
    });
    // GraphQL names the app's bot without the "[bot]" suffix REST uses.
    expect(threads1.nodes[0]?.comments.nodes.map((c) => [c.author.login, c.body])).toEqual([
      ["codex-spark", "First"],
      ["mona", "Why?"],
    ]);
    expect(threads1.pageInfo.hasNextPage).toBe(true);

    const page2 = await s.octokit.graphql<ThreadsResult>(THREADS, {
      ...vars,
      after: threads1.pageInfo.endCursor,
    });
    expect(page2.repository.pullRequest.reviewThreads.nodes.map((t) => t.line)).toEqual([31]);
    expect(page2.repository.pullRequest.reviewThreads.pageInfo.hasNextPage).toBe(false);
    expect(s.fake.requestsFor("graphql")).toHaveLength(2);
  });

  it("resolves and unresolves a thread", async () => {
    const [thread] = s.fake.threads(SAMPLE.owner, SAMPLE.repo, SAMPLE.number);
    const resolved = await s.octokit.graphql<{
      resolveReviewThread: { thread: { id: string; isResolved: boolean } };
    }>(`mutation($id: ID!) { resolveReviewThread(input: { threadId: $id }) { thread { id isResolved } } }`, {
      id: thread?.id,
    });
    expect(resolved.resolveReviewThread.thread).toEqual({ id: thread?.id, isResolved: true });
    expect(s.fake.threads(SAMPLE.owner, SAMPLE.repo, SAMPLE.number).map((t) => t.isResolved)).toEqual([
      true,
      false,
    ]);

    await s.octokit.graphql(
      `mutation { unresolveReviewThread(input: { threadId: "${thread?.id}" }) { thread { isResolved } } }`,
    );
    expect(s.fake.threads(SAMPLE.owner, SAMPLE.repo, SAMPLE.number)[0]?.isResolved).toBe(false);
  });

  it("marks a thread outdated after a push changes its line", async () => {
    s.fake.pushHead(SAMPLE.owner, SAMPLE.repo, SAMPLE.number, {
      sha: "5".repeat(40),
      headContents: {
        "src/math.ts": (
          s.fake.fileAt(SAMPLE.owner, SAMPLE.repo, SAMPLE.headSha, "src/math.ts") ?? ""
        ).replace('throw new RangeError("division by zero")', 'throw new RangeError("b must not be 0")'),
      },
    });
    const result = await s.octokit.graphql<ThreadsResult>(THREADS.replace("first: 1", "first: 10"), vars);
    expect(result.repository.pullRequest.reviewThreads.nodes.map((t) => [t.isOutdated, t.line])).toEqual([
      [true, null],
      [false, 31],
    ]);
  });

  it("minimizes a comment and adds a reaction to a review comment", async () => {
    const comment = s.fake.reviewComments(SAMPLE.owner, SAMPLE.repo, SAMPLE.number)[0];
    const minimized = await s.octokit.graphql<{
      minimizeComment: { minimizedComment: { isMinimized: boolean; minimizedReason: string } };
    }>(
      `mutation($id: ID!) { minimizeComment(input: { subjectId: $id, classifier: OUTDATED }) { minimizedComment { isMinimized minimizedReason } } }`,
      { id: comment?.["node_id"] },
    );
    expect(minimized.minimizeComment.minimizedComment).toEqual({
      isMinimized: true,
      minimizedReason: "outdated",
    });

    await s.octokit.graphql(
      `mutation($id: ID!) { addReaction(input: { subjectId: $id, content: ROCKET }) { reaction { content } } }`,
      {
        id: comment?.["node_id"],
      },
    );
    expect(s.fake.reactions(SAMPLE.owner, SAMPLE.repo).map((r) => [r["content"], r["subject_type"]])).toEqual(
      [["rocket", "review_comment"]],
    );
  });

  it("answers NOT_FOUND in GitHub's shape for an unknown node or repository", async () => {
    const error = await s.octokit
      .graphql(`mutation { resolveReviewThread(input: { threadId: "PRRT_nope" }) { thread { id } } }`)
      .catch((e: { errors: unknown[]; data: unknown }) => e);
    expect(error).toMatchObject({
      data: { resolveReviewThread: null },
      errors: [
        { type: "NOT_FOUND", path: ["resolveReviewThread"], message: expect.stringContaining("PRRT_nope") },
      ],
    });
    const repoError = await s.octokit
      .graphql(`{ repository(owner: "acme", name: "other") { id } }`)
      .catch((e: { errors: Array<{ type: string }> }) => e);
    expect(repoError).toMatchObject({ errors: [{ type: "NOT_FOUND" }] });
  });

  it("records a document with fields it does not know as unexpected and applies no mutation", async () => {
    const [thread] = s.fake.threads(SAMPLE.owner, SAMPLE.repo, SAMPLE.number);
    await s.octokit
      .graphql(
        `mutation { resolveReviewThread(input: { threadId: "${thread?.id}" }) { thread { id isShiny } } }`,
      )
      .catch(() => undefined);
    expect(s.fake.unexpected).toHaveLength(1);
    expect(s.fake.unexpected[0]?.reason).toContain(
      "Field 'isShiny' doesn't exist on type 'PullRequestReviewThread'",
    );
    expect(s.fake.threads(SAMPLE.owner, SAMPLE.repo, SAMPLE.number)[0]?.isResolved).toBe(false);
  });

  it("enforces connection limits and authentication", async () => {
    const tooMany = await s.octokit
      .graphql(THREADS.replace("first: 1", "first: 101"), vars)
      .catch((e: { errors: Array<{ type: string }> }) => e);
    expect(tooMany).toMatchObject({ errors: [{ type: "EXCESSIVE_PAGINATION" }] });
    const response = await fetch(`${s.fake.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ viewer { login } }" }),
    });
    expect(response.status).toBe(401);
  });
});

describe("the GraphQL document parser", () => {
  it("reads operations, aliases, arguments, variables with defaults and fragments", () => {
    const doc = parseGraphql(`
      # a comment
      query Q($n: Int = 5, $ids: [ID!]!) {
        a: repository(owner: "o", name: """r""") { ...F ... on Repository { id } }
      }
      fragment F on Repository { pullRequest(number: $n) { title } }
    `);
    const [op] = doc.operations;
    const field = op?.selections[0];
    expect(op).toMatchObject({ type: "query", name: "Q" });
    expect(field).toMatchObject({ kind: "field", alias: "a", name: "repository" });
    expect(doc.fragments.get("F")?.typeCondition).toBe("Repository");
    const variable = op?.defaults["n"];
    expect(variable && valueOf(variable, {}, {})).toBe(5);
    expect(() => parseGraphql("{ repository(owner: ) }")).toThrow();
  });
});
