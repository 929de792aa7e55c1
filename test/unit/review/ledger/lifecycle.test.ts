import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import type { GitHubClient } from "../../../../src/github/client.js";
import { GitHubReader } from "../../../../src/github/reader.js";
import { GitHubThreads } from "../../../../src/github/threads.js";
import { applyEntryActions } from "../../../../src/review/ledger/entry-actions.js";
import { appendMarker, findingMarker } from "../../../../src/review/ledger/marker.js";
import { claimForPosting, recordReview } from "../../../../src/review/ledger/posting.js";
import { pathsToCheck, reconcile, type ReconcilePlan } from "../../../../src/review/ledger/reconcile.js";
import { concededReply } from "../../../../src/review/ledger/replies.js";
import { RedisLedgerStore } from "../../../../src/state/ledger-store.js";
import { syncLedger, type SyncResult } from "../../../../src/review/ledger/sync.js";
import type { PullRequestLedger } from "../../../../src/review/ledger/types.js";
import type { PlacedFinding } from "../../../../src/review/findings/types.js";
import { closeRedis, createRedisConnection, type RedisClient } from "../../../../src/state/connection.js";
import { MATH_HEAD, SAMPLE } from "../../../fixtures/github/sample-pr.js";
import { startSampleFake, type SampleFake } from "../../../fixtures/github/fake-setup.js";
import { installationClient, reactAs, SAMPLE_PR as pr } from "./github-seed.js";
import { placed } from "./helpers.js";

/*
 * The whole round, as the review pipeline is meant to run it: sync with GitHub, reconcile the model's
 * findings, claim, post, record, then resolve/track. Real Redis, the fake GitHub.
 */

const BOT = "codex-spark[bot]";
const NEXT = "4".repeat(40);
const lines = MATH_HEAD.split("\n");
const A_LINE = lines[13] as string; // line 14: the zero check
const C_LINE = lines[30] as string; // line 31: the max

const findingA = (line = 14) => placed([A_LINE], line, { title: "Throw a typed error" });
const findingC = (line = 31) => placed([C_LINE], line, { title: "Use Math.max" });

let sample: SampleFake;
let octokit: GitHubClient;
let redis: RedisClient;
let prefix: string;
let ledger: PullRequestLedger;

interface Round {
  sync: SyncResult;
  plan: ReconcilePlan;
  posted: number;
}

/** One review of `head` by one worker whose model reported `findings`. */
async function review(worker: PullRequestLedger, head: string, findings: PlacedFinding[]): Promise<Round> {
  const threads = new GitHubThreads(octokit);
  const sync = await syncLedger({
    ledger: worker,
    github: threads,
    pr,
    botLogin: BOT,
    trigger: "@codex",
    whoMayDismiss: async (logins) => new Set(logins),
  });
  const files = await new GitHubReader(octokit).listFiles(pr);
  const headContents = new Map(
    pathsToCheck(sync.entries).map((path) => [
      path,
      sample.fake.fileAt(SAMPLE.owner, SAMPLE.repo, head, path) ?? null,
    ]),
  );
  const plan = reconcile({
    entries: sync.entries,
    placed: findings,
    headSha: head,
    headContents,
    changedPaths: new Set(files.map((f) => f.path)),
    outdatedThreads: sync.outdatedThreads,
    lastReviewAt: sync.meta.lastReviewAt ?? null,
  });
  const toPost = await claimForPosting(worker, plan.decisions, head);
  if (toPost.length > 0) {
    const { data } = await octokit.rest.pulls.createReview({
      owner: SAMPLE.owner,
      repo: SAMPLE.repo,
      pull_number: SAMPLE.number,
      commit_id: head,
      event: "COMMENT",
      body: "review",
      comments: toPost.map((d) => ({
        path: d.placed.path,
        line: d.placed.endLine,
        side: "RIGHT" as const,
        body: appendMarker(`**[P1]** ${d.placed.finding.title}`, findingMarker(d.fingerprint)),
      })),
    });
    const claimed = toPost.map((d) => d.fingerprint);
    await recordReview({ ledger: worker, github: threads, pr, botLogin: BOT, reviewId: data.id, claimed });
  }
  await applyEntryActions({ ledger: worker, threads, pr }, plan.actions, head);
  const open = [...(await worker.all())].filter(([, e]) => e.state === "open").map(([fp]) => fp);
  await worker.touch(head, open);
  return { sync, plan, posted: toPost.length };
}

function push(sha: string, content: string): void {
  sample.fake.pushHead(SAMPLE.owner, SAMPLE.repo, SAMPLE.number, {
    sha,
    headContents: { "src/math.ts": content },
  });
}

const reviewsPosted = () => sample.fake.requestsFor("pulls/create-review").length;
const botThreads = () =>
  sample.fake.threads(SAMPLE.owner, SAMPLE.repo, SAMPLE.number).filter((t) => t.comments[0]?.author === BOT);

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

describe("finding lifecycle across pushes", () => {
  it("resolves a finding fixed by a push, with a reply, and posts nothing new", async () => {
    const first = await review(ledger, SAMPLE.headSha, [findingA(), findingC()]);
    expect(first.posted).toBe(2);

    push(NEXT, MATH_HEAD.replace(A_LINE, '  if (b === 0) throw new TypeError("b must not be 0");'));
    const second = await review(ledger, NEXT, [findingC()]);

    expect(second.posted).toBe(0);
    expect(reviewsPosted()).toBe(1);
    const [a, c] = botThreads();
    expect(a?.isResolved).toBe(true);
    expect(a?.comments.map((x) => x.body.split("\n")[0])).toEqual([
      "**[P1]** Throw a typed error",
      "Fixed in `4444444`.",
    ]);
    expect(c).toMatchObject({ isResolved: false, comments: [expect.anything()] });
    expect(second.plan.summary).toEqual({ new: 0, fixed: 1, stillOpen: 1, dismissed: 0 });
  });

  it("follows code that moved instead of posting it again", async () => {
    await review(ledger, SAMPLE.headSha, [findingA()]);
    push(NEXT, `// one\n// two\n// three\n${MATH_HEAD}`);

    const second = await review(ledger, NEXT, [findingA(17)]);

    expect(second.posted).toBe(0);
    expect(reviewsPosted()).toBe(1);
    expect([...(await ledger.all()).values()]).toMatchObject([
      { state: "open", startLine: 17, endLine: 17, lastSeenSha: NEXT },
    ]);
    expect(botThreads()[0]?.isResolved).toBe(false);
  });

  it("never raises a finding again after a 👎", async () => {
    await review(ledger, SAMPLE.headSha, [findingA()]);
    reactAs(sample.fake, botThreads()[0]!.comments[0]!.id, "mona", "-1");
    push(NEXT, `// moved\n${MATH_HEAD}`);

    const second = await review(ledger, NEXT, [findingA(15)]);

    expect(second.plan.decisions.map((d) => d.kind)).toEqual(["skip-dismissed"]);
    expect(second.sync.dismissed).toEqual([
      expect.objectContaining({ dismissal: { by: "mona", how: "thumbs-down" } }),
    ]);
    expect(second.plan.summary.dismissed).toBe(1);
    expect(reviewsPosted()).toBe(1);
  });

  it("posts no duplicates after Redis lost the ledger", async () => {
    await review(ledger, SAMPLE.headSha, [findingA(), findingC()]);
    await redis.del(...(await redis.keys(`${prefix}:*`)));

    const second = await review(ledger, SAMPLE.headSha, [findingA(), findingC()]);

    expect(second.sync.rebuilt).toBe(2);
    expect(second.posted).toBe(0);
    expect(reviewsPosted()).toBe(1);
  });

  it("posts each finding once when two workers review the same head at the same time", async () => {
    const other = createRedisConnection(inject("redisUrl"));
    try {
      const second = new RedisLedgerStore(other, { prefix }).forPullRequest(pr);
      const rounds = await Promise.all([
        review(ledger, SAMPLE.headSha, [findingA(), findingC()]),
        review(second, SAMPLE.headSha, [findingC(), findingA()]),
      ]);
      expect(rounds[0].posted + rounds[1].posted).toBe(2);
      expect(
        botThreads()
          .map((t) => t.line)
          .sort(),
      ).toEqual([14, 31]);
    } finally {
      await closeRedis(other);
    }
  });

  it("hands a rebuttal to the pipeline, and stays quiet once the model concedes", async () => {
    await review(ledger, SAMPLE.headSha, [findingA()]);
    const root = botThreads()[0]!.comments[0]!.id;
    sample.fake.addReviewComment({
      ...{ owner: SAMPLE.owner, repo: SAMPLE.repo, number: SAMPLE.number },
      user: "mona",
      body: "A TypeError would break callers that catch RangeError.",
      inReplyTo: root,
    });

    const second = await review(ledger, SAMPLE.headSha, [findingA()]);
    const [rebuttal] = second.sync.rebuttals;
    expect(rebuttal?.transcript.map((t) => [t.author, t.fromBot])).toEqual([
      [BOT, true],
      ["mona", false],
    ]);
    // The pipeline asks the model; here it concedes.
    await new GitHubThreads(octokit).replyToReviewComment(
      pr,
      rebuttal!.commentId,
      concededReply(rebuttal!.fingerprint),
    );
    await ledger.markDismissed(rebuttal!.fingerprint, { by: "mona", how: "rebuttal" });

    const third = await review(ledger, SAMPLE.headSha, [findingA()]);
    expect(third.sync.rebuttals).toEqual([]);
    expect(third.plan.decisions.map((d) => d.kind)).toEqual(["skip-dismissed"]);
    expect(reviewsPosted()).toBe(1);
  });
});
