import { Redis } from "ioredis";
import { afterAll, afterEach, describe, expect, inject, it } from "vitest";
import { checkRunRerequested, pullRequestEvent } from "../fixtures/github/webhooks.js";
import { INVOICE_PR, invoicePullRequest } from "../fixtures/prs/invoice-pr.js";
import { APP_ID, startHarness, type Harness } from "./harness.js";
import { invoiceAnswer } from "./lifecycle-support.js";

const CONFIG = "debounceSeconds: 0\n";

/** The invoice PR, opened from a fork: its head branch lives in `dana/billing`, not `acme/billing`. */
const FORK = "dana/billing";
const pr = {
  owner: "acme",
  repo: "billing",
  number: INVOICE_PR.number,
  author: "dana",
  head: { sha: INVOICE_PR.headSha, ref: INVOICE_PR.headRef, repoFullName: FORK },
  base: { sha: INVOICE_PR.baseSha, ref: "main" },
};

const reviewsOf = (h: Harness): string[] =>
  h.github.requestsFor("pulls/create-review").map((r) => (r.body as { commit_id: string }).commit_id);

type Run = { id: number; status: string; conclusion: string | null; output: { title: string } };

async function completedRun(h: Harness, id: number, timeoutMs = 20_000): Promise<Run> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = (h.github.checkRuns("acme", "billing", INVOICE_PR.headSha) as Run[]).find((r) => r.id === id);
    if (run?.status === "completed") return run;
    if (Date.now() > deadline) throw new Error(`run ${id} not completed: ${JSON.stringify(run)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("the Re-run button of a fork's pull request", () => {
  const redis = new Redis(inject("redisUrl"));
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });
  afterAll(async () => {
    await redis.quit();
  });

  /** Opens the fork's PR and waits for its first review; returns its completed check run. */
  async function reviewed(): Promise<Run> {
    h = await startHarness({ script: () => invoiceAnswer() });
    h.github.addInstallation({
      id: INVOICE_PR.installationId,
      account: "acme",
      repositories: ["acme/billing"],
    });
    h.github.addRepo({ owner: "acme", repo: "billing", files: { main: { ".github/codex.yml": CONFIG } } });
    h.github.addPullRequest(invoicePullRequest({ head: pr.head }));
    h.github.setPermission("acme", "billing", "dana", "write");
    const opened = pullRequestEvent("opened", { pr, installationId: INVOICE_PR.installationId });
    expect(await h.deliver(opened)).toBe(200);
    await h.github.waitForRequests("pulls/create-review", 1, 20_000);
    await h.settled();
    const [run] = h.github.checkRuns("acme", "billing", INVOICE_PR.headSha) as Run[];
    return completedRun(h, run!.id);
  }

  const rerun = (checkRunId: number, options: { headSha?: string; suiteRepository?: boolean } = {}) =>
    checkRunRerequested({
      pr: { ...pr, head: { ...pr.head, sha: options.headSha ?? pr.head.sha } },
      installationId: INVOICE_PR.installationId,
      checkRunId,
      appId: APP_ID,
      sender: "dana",
      ...(options.suiteRepository === undefined ? {} : { suiteRepository: options.suiteRepository }),
    });

  /** What the bot remembered of heads → PRs is gone (expired, or a flushed Redis). */
  async function forgetHeads(prefix: string): Promise<void> {
    const keys = await redis.keys(`${prefix}*:head-pr:*`);
    expect(keys.length).toBeGreaterThan(0);
    await redis.del(...keys);
  }

  it("finds the PR in what the bot remembers of its heads", async () => {
    const run = await reviewed();
    expect(await h!.deliver(rerun(run.id))).toBe(200);
    await h!.github.waitForRequests("pulls/create-review", 2, 20_000);
    expect(reviewsOf(h!)).toEqual([INVOICE_PR.headSha, INVOICE_PR.headSha]);
    await h!.settled();
    expect(await completedRun(h!, run.id)).toMatchObject({ status: "completed", conclusion: "neutral" });
    expect(h!.github.checkRuns("acme", "billing", INVOICE_PR.headSha)).toHaveLength(1);
    // Nothing asked GitHub: the memory answered.
    expect(h!.github.requestsFor("pulls/list")).toEqual([]);
    expect(h!.github.problems()).toEqual([]);
  });

  it("asks GitHub for the fork's open PRs of that branch when the memory is empty", async () => {
    const run = await reviewed();
    await forgetHeads(h!.prefix);
    expect(await h!.deliver(rerun(run.id))).toBe(200);
    await h!.github.waitForRequests("pulls/create-review", 2, 20_000);
    expect(reviewsOf(h!)).toEqual([INVOICE_PR.headSha, INVOICE_PR.headSha]);
    await h!.settled();
    expect(await completedRun(h!, run.id)).toMatchObject({ status: "completed", conclusion: "neutral" });
    expect(h!.github.requestsFor("pulls/list").map((r) => [r.path, r.query])).toEqual([
      [
        "/repos/acme/billing/pulls",
        { head: `dana:${INVOICE_PR.headRef}`, state: "open", per_page: "100", page: "1" },
      ],
    ]);
    expect(h!.github.problems()).toEqual([]);
  });

  it("reads the open PRs when the payload does not name the head's repository", async () => {
    const run = await reviewed();
    await forgetHeads(h!.prefix);
    expect(await h!.deliver(rerun(run.id, { suiteRepository: false }))).toBe(200);
    await h!.github.waitForRequests("pulls/create-review", 2, 20_000);
    expect(reviewsOf(h!)).toEqual([INVOICE_PR.headSha, INVOICE_PR.headSha]);
    expect(h!.github.requestsFor("pulls/list").map((r) => r.query)).toEqual([
      { state: "open", per_page: "100", page: "1" },
    ]);
  });

  it("completes the run with what it could not find, rather than staying silent", async () => {
    const run = await reviewed();
    await forgetHeads(h!.prefix);
    // A head no open PR has (the branch moved on, or the PR is gone).
    const stray = `abc1234${"0".repeat(33)}`;
    const before = h!.github.requestsFor("checks/update").length;
    expect(await h!.deliver(rerun(run.id, { headSha: stray }))).toBe(200);
    const updates = await h!.github.waitForRequests("checks/update", before + 1, 20_000);
    expect(updates.at(-1)?.body).toMatchObject({
      status: "completed",
      conclusion: "neutral",
      output: {
        title:
          "Could not find the pull request for abc1234 — Re-run this check while its pull request is open",
      },
    });
    await h!.settled();
    expect(reviewsOf(h!)).toEqual([INVOICE_PR.headSha]);
    expect(h!.github.problems()).toEqual([]);
  });
});
