import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import type { GitHubClient } from "../../../../src/github/client.js";
import { GitHubThreads } from "../../../../src/github/threads.js";
import { fingerprintPlaced } from "../../../../src/review/ledger/fingerprint.js";
import { appendMarker, findingMarker } from "../../../../src/review/ledger/marker.js";
import { rebuildLedger, quoteFromDiffHunk, titleFromBody } from "../../../../src/review/ledger/rebuild.js";
import { reconcile } from "../../../../src/review/ledger/reconcile.js";
import { fixedReply } from "../../../../src/review/ledger/replies.js";
import { RedisLedgerStore } from "../../../../src/state/ledger-store.js";
import type { PullRequestLedger } from "../../../../src/review/ledger/types.js";
import type { PlacedFinding } from "../../../../src/review/findings/types.js";
import { closeRedis, createRedisConnection, type RedisClient } from "../../../../src/state/connection.js";
import { MATH_HEAD, SAMPLE } from "../../../fixtures/github/sample-pr.js";
import { startSampleFake, type SampleFake } from "../../../fixtures/github/fake-setup.js";
import { installationClient, reactAs, resolveAs, SAMPLE_PR as pr } from "./github-seed.js";
import { placed } from "./helpers.js";

const BOT = "codex-spark[bot]";
const HEAD_LINES = MATH_HEAD.split("\n");
const at = (start: number, end = start) => HEAD_LINES.slice(start - 1, end);

const A = placed(at(14), 14, { title: "Throw a typed error" });
const B = placed(at(13, 15), 13, { title: "Document the zero check" });
const C = placed(at(31), 31, { title: "Use Math.max" });
const D = placed(at(30), 30, { title: "Name the parameters" });

/** The bot's review, each comment ending with its finding's marker, as the pipeline posts it. */
async function postFindings(octokit: GitHubClient, findings: PlacedFinding[]): Promise<number[]> {
  const { data } = await octokit.rest.pulls.createReview({
    owner: SAMPLE.owner,
    repo: SAMPLE.repo,
    pull_number: SAMPLE.number,
    commit_id: SAMPLE.headSha,
    event: "COMMENT",
    body: "review",
    comments: findings.map((p) => ({
      path: p.path,
      line: p.endLine,
      side: "RIGHT" as const,
      ...(p.startLine < p.endLine ? { start_line: p.startLine, start_side: "RIGHT" as const } : {}),
      body: appendMarker(
        `**[P1]** ${p.finding.title}\n\nWhy it matters.`,
        findingMarker(fingerprintPlaced(p)),
      ),
    })),
  });
  const review = (
    await octokit.rest.pulls.listCommentsForReview({ ...pr, pull_number: pr.pullNumber, review_id: data.id })
  ).data;
  return review.map((c) => Number(c.id));
}

describe("rebuilding the ledger from GitHub", () => {
  let sample: SampleFake;
  let octokit: GitHubClient;
  let redis: RedisClient;
  let prefix: string;
  let ledger: PullRequestLedger;

  beforeEach(async () => {
    sample = await startSampleFake();
    octokit = await installationClient(sample);
    redis = createRedisConnection(inject("redisUrl"));
    prefix = `t${randomUUID().slice(0, 8)}`;
    ledger = new RedisLedgerStore(redis, { prefix }).forPullRequest(pr);
  });
  afterEach(async () => {
    expect(sample.fake.problems()).toEqual([]);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await closeRedis(redis);
    await sample.fake.close();
  });

  it("restores every marked finding of the bot, in the state its thread shows", async () => {
    const [a, b, c, d] = await postFindings(octokit, [A, B, C, D]);
    const threads = new GitHubThreads(octokit);
    // Noise the rebuild must ignore: a bot comment without marker, a person's forged marker.
    await octokit.rest.pulls.createReview({
      ...{ owner: SAMPLE.owner, repo: SAMPLE.repo, pull_number: SAMPLE.number, commit_id: SAMPLE.headSha },
      event: "COMMENT",
      body: "older review",
      comments: [{ path: "src/math.ts", line: 15, side: "RIGHT", body: "**[P2]** No marker here" }],
    });
    sample.fake.addReviewComment({
      ...{ owner: SAMPLE.owner, repo: SAMPLE.repo, number: SAMPLE.number },
      user: "mallory",
      path: "src/math.ts",
      line: 15,
      body: findingMarker("00000000000000ee"),
    });
    reactAs(sample.fake, b!, "mona", "-1");
    resolveAs(sample.fake, c!, "mona");
    await threads.replyToReviewComment(pr, d!, fixedReply(fingerprintPlaced(D), "5".repeat(40)));
    const threadOf = (id: number) =>
      sample.fake.threads(SAMPLE.owner, SAMPLE.repo, SAMPLE.number).find((t) => t.comments[0]?.id === id)!.id;
    await threads.resolveThread(threadOf(d!));

    const result = await rebuildLedger({
      ledger,
      github: threads,
      pr,
      botLogin: BOT,
      trigger: "@codex",
      mayDismiss: () => true,
    });

    expect(result).toEqual({ restored: 4, found: 4 });
    const entries = await ledger.all();
    const base = { firstSeenSha: SAMPLE.headSha, lastSeenSha: SAMPLE.headSha, path: "src/math.ts" };
    expect(entries.get(fingerprintPlaced(A))).toEqual({
      ...base,
      state: "open",
      startLine: 14,
      endLine: 14,
      title: "Throw a typed error",
      // Read back from the comment's heading tag: what the value metrics are counted by.
      priority: 1,
      original: at(14),
      commentId: a,
      threadId: threadOf(a!),
      updatedAt: expect.any(String),
    });
    expect(entries.get(fingerprintPlaced(B))).toMatchObject({
      ...base,
      state: "dismissed",
      dismissedHow: "thumbs-down",
      dismissedBy: "mona",
      startLine: 13,
      endLine: 15,
      original: at(13, 15),
      commentId: b,
    });
    expect(entries.get(fingerprintPlaced(C))).toMatchObject({
      state: "dismissed",
      dismissedHow: "resolved-by-human",
      dismissedBy: "mona",
    });
    expect(entries.get(fingerprintPlaced(D))).toMatchObject({
      state: "fixed",
      commentId: d,
      threadId: threadOf(d!),
    });
    expect(entries.get(fingerprintPlaced(B))?.dismissedAt).toBeUndefined();
    expect(await ledger.needsRebuild()).toBe(false);

    // The point of it all: the same findings on the same head post nothing again.
    const plan = reconcile({
      entries,
      placed: [A, B, C],
      headSha: SAMPLE.headSha,
      headContents: new Map([["src/math.ts", MATH_HEAD]]),
    });
    expect(plan.decisions.map((x) => x.kind)).toEqual(["skip-open", "skip-dismissed", "skip-dismissed"]);
    expect(plan.actions).toEqual([]);
  });

  it("reads a comment's quoted lines and title back", () => {
    const hunk =
      "@@ -11,6 +11,7 @@\n }\n \n export function div(a: number, b: number): number {\n+  if (b === 0) throw x;";
    expect(quoteFromDiffHunk(hunk, 2)).toEqual([
      "export function div(a: number, b: number): number {",
      "  if (b === 0) throw x;",
    ]);
    expect(quoteFromDiffHunk("@@ -1,2 +1,2 @@\n-old\n+new", 1)).toEqual(["new"]);
    expect(quoteFromDiffHunk("@@ -1 +1 @@\n+one", 3)).toEqual([]);
    expect(titleFromBody("**[P2]** Use `Math.max`\n\nBody")).toBe("Use `Math.max`");
  });
});
