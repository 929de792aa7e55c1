import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startSampleFake, type SampleFake } from "../../fixtures/github/fake-setup.js";
import { SAMPLE } from "../../fixtures/github/sample-pr.js";

const repo = { owner: SAMPLE.owner, repo: SAMPLE.repo };

let s: SampleFake;
beforeEach(async () => {
  s = await startSampleFake();
});
afterEach(() => s.fake.close());

async function failure(promise: Promise<unknown>): Promise<{ status: number }> {
  try {
    await promise;
  } catch (error) {
    return error as { status: number };
  }
  throw new Error("expected the request to fail");
}

describe("issue comments and reactions", () => {
  it("creates, lists, reads and edits conversation comments as the bot", async () => {
    const created = await s.octokit.rest.issues.createComment({
      ...repo,
      issue_number: SAMPLE.number,
      body: "👀 on it",
    });
    expect(created.data.user?.login).toBe("codex-spark[bot]");
    expect(created.data.performed_via_github_app?.id).toBe(s.appId);
    await s.octokit.rest.issues.updateComment({ ...repo, comment_id: created.data.id, body: "Done" });
    const fetched = await s.octokit.rest.issues.getComment({ ...repo, comment_id: created.data.id });
    expect(fetched.data.body).toBe("Done");
    expect(s.fake.issueComments(SAMPLE.owner, SAMPLE.repo, SAMPLE.number).map((c) => c["body"])).toEqual([
      "Done",
    ]);
  });

  it("answers 201 for a new reaction and 200 with the same reaction on a repeat", async () => {
    const { id } = s.fake.addIssueComment({
      ...repo,
      number: SAMPLE.number,
      user: SAMPLE.author,
      body: "@codex review",
    });
    const first = await s.octokit.rest.reactions.createForIssueComment({
      ...repo,
      comment_id: id,
      content: "eyes",
    });
    const second = await s.octokit.rest.reactions.createForIssueComment({
      ...repo,
      comment_id: id,
      content: "eyes",
    });

    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.data.id).toBe(first.data.id);
    expect(s.fake.reactions(SAMPLE.owner, SAMPLE.repo, { type: "issue_comment", id })).toHaveLength(1);

    await s.octokit.rest.reactions.deleteForIssueComment({
      ...repo,
      comment_id: id,
      reaction_id: first.data.id,
    });
    expect(s.fake.reactions(SAMPLE.owner, SAMPLE.repo)).toEqual([]);
  });

  it("404s a reaction on a comment that does not exist", async () => {
    const error = await failure(
      s.octokit.rest.reactions.createForIssueComment({ ...repo, comment_id: 1, content: "eyes" }),
    );
    expect(error.status).toBe(404);
  });
});
