import { Probot } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GitHubClient } from "../../../src/github/client.js";
import { GitHubPublisher } from "../../../src/github/publisher.js";
import { GitHubSuggestionReader } from "../../../src/github/suggestions.js";
import { startSampleFake, type SampleFake } from "../../fixtures/github/fake-setup.js";
import { SAMPLE } from "../../fixtures/github/sample-pr.js";
import { UNTHROTTLED } from "../../support/octokit.js";

const PR = { owner: SAMPLE.owner, repo: SAMPLE.repo, pullNumber: SAMPLE.number };

describe("GitHubSuggestionReader against the fake GitHub", () => {
  let s: SampleFake;
  let octokit: GitHubClient;

  beforeAll(async () => {
    s = await startSampleFake();
    const probot = new Probot({
      appId: s.appId,
      privateKey: s.keys.privateKeyPem,
      baseUrl: s.fake.apiUrl,
      Octokit: UNTHROTTLED.defaults({ retry: { enabled: false } }),
      logLevel: "fatal",
    });
    octokit = (await probot.auth(SAMPLE.installationId)) as GitHubClient;
  });
  afterAll(() => s.fake.close());

  it("maps the bot's range comment and a reply as the domain reads them", async () => {
    await new GitHubPublisher(octokit).createReview(PR, {
      commitId: SAMPLE.headSha,
      body: "Review",
      comments: [
        {
          path: "src/math.ts",
          start_line: 14,
          start_side: "RIGHT",
          line: 15,
          side: "RIGHT",
          body: "**[P1]** Guard\n\n```suggestion\nx\n```",
        },
      ],
    });
    const [root] = await new GitHubSuggestionReader(octokit).listReviewComments(PR);
    s.fake.addReviewComment({
      ...PR,
      number: SAMPLE.number,
      user: "mona",
      body: "why?",
      inReplyTo: root?.id as number,
    });

    const comments = await new GitHubSuggestionReader(octokit).listReviewComments(PR);

    expect(comments).toHaveLength(2);
    expect(comments[0]).toEqual({
      id: root?.id,
      body: "**[P1]** Guard\n\n```suggestion\nx\n```",
      author: s.fake.botLogin,
      path: "src/math.ts",
      line: 15,
      startLine: 14,
      side: "RIGHT",
      startSide: "RIGHT",
      originalLine: 15,
      originalStartLine: 14,
      commitId: SAMPLE.headSha,
      originalCommitId: SAMPLE.headSha,
      diffHunk: expect.stringMatching(/^@@ -11,6 \+11,7 @@\n[\s\S]*\n {3}return a \/ b;$/),
      inReplyToId: null,
      createdAt: expect.any(String),
    });
    expect(comments[1]).toMatchObject({
      author: "mona",
      inReplyToId: root?.id,
      path: "src/math.ts",
      line: 15,
    });
  });

  it("follows pagination past 100 comments", async () => {
    for (let i = 0; i < 110; i++) {
      s.fake.addReviewComment({
        ...PR,
        number: SAMPLE.number,
        user: "mona",
        path: "README.md",
        line: 1,
        body: `c${i}`,
      });
    }
    const comments = await new GitHubSuggestionReader(octokit).listReviewComments(PR);
    expect(comments.length).toBeGreaterThanOrEqual(110);
    expect(comments.at(-1)?.body).toBe("c109");
    const pages = s.fake.requestsFor("pulls/list-review-comments").slice(-2);
    expect(pages.map((r) => [r.query.per_page, r.query.page ?? "1"])).toEqual([
      ["100", "1"],
      ["100", "2"],
    ]);
    expect(s.fake.problems()).toEqual([]);
  });
});
