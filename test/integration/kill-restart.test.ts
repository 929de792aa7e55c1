import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, inject, it } from "vitest";
import { generateAppKeyPair, startFakeGitHub, type FakeGitHub } from "../fakes/github/index.js";
import { FAKE_API_KEY, startFakeModel, type FakeModel } from "../fakes/model/index.js";
import { deliverWebhook, type WebhookEvent } from "../fixtures/github/webhooks.js";
import { INVOICE_PR } from "../fixtures/prs/invoice-pr.js";
import { freePort } from "../support/free-port.js";
import { startAppProcess, type AppProcess } from "../support/app-process.js";
import { APP_ID, WEBHOOK_SECRET } from "./harness.js";
import { invoiceAnswer, invoiceEvent, pushInvoice, seedInvoice, sleep } from "./lifecycle-support.js";

/** Seeded, so a failing kill point can be replayed; two rounds keep the file under a minute. */
const SEED = 0x13b;
const ROUNDS = 2;

/** mulberry32: a tiny deterministic generator, enough to pick kill points. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

async function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await sleep(50);
  }
}

function allRunsCompleted(github: FakeGitHub, head: string): boolean {
  const runs = github.checkRuns("acme", "billing", head) as Array<{ status: string }>;
  return runs.length > 0 && runs.every((r) => r.status === "completed");
}

/** The first line of every finding comment the bot opened a thread with. */
function findingTitles(github: FakeGitHub): string[] {
  return github
    .reviewComments("acme", "billing", INVOICE_PR.number)
    .filter((c) => (c["user"] as { login: string }).login === github.botLogin && !c["in_reply_to_id"])
    .map((c) => String(c["body"]).split("\n")[0] ?? "");
}

describe("a worker SIGKILLed at seeded points of a review and restarted", () => {
  const children: AppProcess[] = [];
  let github: FakeGitHub | undefined;
  let model: FakeModel | undefined;
  afterEach(async () => {
    for (const app of children.splice(0)) app.child.kill("SIGKILL");
    await github?.close();
    await model?.close();
  });

  // A kill at the 17th GitHub call of round 0 (seed 0x13b) lands while the review's publish lock is
  // held: the takeover must wait out that lock (short, renewed only by a live holder) and post.
  it("ends every round with one review of the newest head, every run completed, nothing said twice", async () => {
    const keys = generateAppKeyPair();
    const random = generator(SEED);
    for (let round = 0; round < ROUNDS; round++) {
      github = await startFakeGitHub({ appId: APP_ID, publicKeyPem: keys.publicKeyPem });
      model = await startFakeModel({ script: () => invoiceAnswer() });
      seedInvoice(github, { config: "debounceSeconds: 0\n" });
      const prefix = `kill${randomUUID().slice(0, 8)}`;
      const env = (port: number): Record<string, string> => ({
        APP_ID: String(APP_ID),
        PRIVATE_KEY: keys.privateKeyPem,
        WEBHOOK_SECRET,
        GHE_HOST: new URL(github!.url).host,
        GHE_PROTOCOL: "http",
        HOST: "127.0.0.1",
        PORT: String(port),
        QUEUE_REDIS_URL: inject("redisUrl"),
        QUEUE_PREFIX: prefix,
        OPENAI_API_KEY: FAKE_API_KEY,
        OPENAI_BASE_URL: model!.url,
        LOG_LEVEL: "silent",
        CODEX_MODEL_PROBE: "false",
        JOB_LOCK_MS: "1500",
      });
      const deliver = (port: number, event: WebhookEvent) =>
        deliverWebhook(`http://127.0.0.1:${port}/api/github/webhooks`, { ...event, secret: WEBHOOK_SECRET });

      // The job's GitHub calls after the webhook was answered: a review makes about twenty.
      const killAt = 1 + Math.floor(random() * 18);
      const firstPort = await freePort();
      const first = startAppProcess(env(firstPort));
      children.push(first);
      await first.ready;
      let seen = 0;
      let armed = false;
      const stop = github.onRequest(() => {
        if (armed && ++seen === killAt) first.child.kill("SIGKILL");
      });
      expect(await deliver(firstPort, invoiceEvent("opened"))).toBe(200);
      armed = true;
      await Promise.race([
        first.exited,
        until(() => allRunsCompleted(github!, INVOICE_PR.headSha), "review"),
      ]);
      stop();
      first.child.kill("SIGKILL");
      await first.exited;

      const secondPort = await freePort();
      const second = startAppProcess(env(secondPort));
      children.push(second);
      await second.ready;
      // Every run completed is not enough: a run can end (a duplicate, a superseded one) while the
      // killed job waits for its lock to expire. The review itself is what the restart must bring.
      await until(
        () =>
          github!.reviews("acme", "billing", INVOICE_PR.number).length > 0 &&
          allRunsCompleted(github!, INVOICE_PR.headSha),
        `round ${round}: review after kill at ${killAt}`,
      );
      const reviews = github.reviews("acme", "billing", INVOICE_PR.number);
      expect(
        reviews.map((r) => r["commit_id"]),
        `kill at call ${killAt}`,
      ).toEqual([INVOICE_PR.headSha]);
      const titles = findingTitles(github);
      expect(titles.length).toBeGreaterThan(0);

      // The next push: the same three findings are known, none is posted again.
      const head = pushInvoice(github, round + 1);
      expect(await deliver(secondPort, invoiceEvent("synchronize", { headSha: head }))).toBe(200);
      await until(() => allRunsCompleted(github!, head), `round ${round}: push after kill at ${killAt}`);
      expect(findingTitles(github)).toEqual(titles);
      expect(github.problems()).toEqual([]);

      second.child.kill("SIGKILL");
      await second.exited;
      children.splice(0);
      await github.close();
      await model.close();
      github = undefined;
      model = undefined;
    }
  }, 120_000);
});
