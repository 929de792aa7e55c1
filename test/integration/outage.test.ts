import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { generateAppKeyPair, startFakeGitHub, type FakeGitHub } from "../fakes/github/index.js";
import { FAKE_API_KEY, startFakeModel, type FakeModel, type Script } from "../fakes/model/index.js";
import { issueCommentCreated } from "../fixtures/github/webhooks.js";
import { INVOICE_PR } from "../fixtures/prs/invoice-pr.js";
import { startAppProcess, type AppProcess } from "../support/app-process.js";
import { freePort } from "../support/free-port.js";
import { startKillableRedis, type KillableRedis } from "../support/killable-redis.js";
import { APP_ID, WEBHOOK_SECRET } from "./harness.js";
import {
  allChecksCompleted,
  completedCheck,
  invoiceAnswer,
  invoiceEvent,
  pushInvoice,
  seedInvoice,
  sleep,
} from "./lifecycle-support.js";

function mention(commentId: number) {
  return issueCommentCreated({
    pr: { owner: "acme", repo: "billing", number: INVOICE_PR.number, author: "dana" },
    installationId: INVOICE_PR.installationId,
    commentId,
    body: "@codex review",
    user: "dana",
  });
}

async function status(url: string): Promise<number> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await sleep(50);
  }
}

/** Polls `url` until it answers `expected`; returns how long that took. */
async function timeUntil(url: string, expected: number, timeoutMs = 15_000): Promise<number> {
  const started = Date.now();
  for (;;) {
    if ((await status(url)) === expected) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`${url} never answered ${expected}`);
    await sleep(50);
  }
}

async function timeToExit(
  app: AppProcess,
  signals: NodeJS.Signals[],
): Promise<{ ms: number; code: unknown }> {
  const started = Date.now();
  for (const signal of signals) app.child.kill(signal);
  const code = await app.exited;
  return { ms: Date.now() - started, code };
}

describe("a Redis outage (SIGKILL, then a restart on the same port and append-only file)", () => {
  let redis: KillableRedis | undefined;
  let github: FakeGitHub | undefined;
  let model: FakeModel | undefined;
  let app: AppProcess | undefined;
  afterEach(async () => {
    app?.child.kill("SIGKILL");
    await redis?.stop();
    await github?.close();
    await model?.close();
    app = redis = github = model = undefined;
  });

  async function start(script: Script, config = "debounceSeconds: 0\n"): Promise<{ base: string }> {
    const keys = generateAppKeyPair();
    redis = await startKillableRedis();
    github = await startFakeGitHub({ appId: APP_ID, publicKeyPem: keys.publicKeyPem });
    model = await startFakeModel({ script });
    seedInvoice(github, { config });
    const port = await freePort();
    app = startAppProcess({
      APP_ID: String(APP_ID),
      PRIVATE_KEY: keys.privateKeyPem,
      WEBHOOK_SECRET,
      GHE_HOST: new URL(github.url).host,
      GHE_PROTOCOL: "http",
      HOST: "127.0.0.1",
      PORT: String(port),
      QUEUE_REDIS_URL: redis.url,
      QUEUE_PREFIX: `outage${randomUUID().slice(0, 8)}`,
      OPENAI_API_KEY: FAKE_API_KEY,
      OPENAI_BASE_URL: model.url,
      LOG_LEVEL: "info",
      CODEX_MODEL_PROBE: "false",
      JOB_LOCK_MS: "3000",
    });
    const base = `http://127.0.0.1:${port}`;
    github.setWebhookTarget(`${base}/api/github/webhooks`, WEBHOOK_SECRET);
    await app.ready;
    return { base };
  }

  it("refuses webhooks while down, then posts queued work once and asks GitHub for what it refused", async () => {
    const { base } = await start(() => invoiceAnswer(), "debounceSeconds: 2\n");
    expect(await status(`${base}/readyz`)).toBe(200);

    // Acknowledged and in Redis (a debounced automatic review), then Redis dies before it runs.
    const head = pushInvoice(github!, 1);
    expect(await github!.deliverEvent(invoiceEvent("synchronize", { headSha: head }))).toBe(200);
    await redis!.kill();
    const linesBefore = app!.output().split("\n").length;

    const unready = await timeUntil(`${base}/readyz`, 503);
    expect(unready).toBeLessThan(2_000);
    expect(await status(`${base}/healthz`)).toBe(200);

    const asked = Date.now();
    expect(await github!.deliverEvent(mention(7201))).toBe(503);
    const refusedMs = Date.now() - asked;
    expect(refusedMs).toBeLessThan(4_000);
    const failed = github!.deliveries.all.at(-1);
    expect(failed).toMatchObject({
      statusCode: 503,
      status: "Invalid HTTP Response: 503",
      event: "issue_comment",
    });

    await redis!.restart();
    const back = await timeUntil(`${base}/readyz`, 200);

    // The queued review, exactly once.
    await completedCheck(github!, head, 20_000);
    // The refused mention, asked for again with GitHub's deliveries API, same GUID and body.
    const [redelivery] = await github!.waitForRequests("apps/redeliver-webhook-delivery", 1, 20_000);
    expect(redelivery?.path).toBe(`/app/hook/deliveries/${failed?.id}/attempts`);
    await github!.deliveries.settled();
    expect(github!.deliveries.all.at(-1)).toMatchObject({
      guid: failed?.guid,
      redelivery: true,
      statusCode: 200,
    });
    await github!.waitForRequests("reactions/create-for-issue-comment", 1);
    // The refused mention is answered with a review of that head. The queued automatic pass covers
    // the same head: it posts too when it runs first, and has nothing new to say when the mention's
    // review came first; either way its check run completes and nothing is posted twice.
    await until(
      () =>
        github!
          .requestsFor("pulls/create-review")
          .some((r) => (r.body as { body: string }).body.includes(`mention/${failed?.guid}`)),
      "the mention's review",
    );
    const runs = await allChecksCompleted(github!, head, 20_000);
    expect(runs.length).toBeGreaterThanOrEqual(1);
    const reviews = github!
      .requestsFor("pulls/create-review")
      .map((r) => r.body as { commit_id: string; body: string });
    expect(new Set(reviews.map((r) => r.commit_id))).toEqual(new Set([head]));
    expect(reviews.length).toBeLessThanOrEqual(2);
    expect(new Set(reviews.map((r) => r.body)).size).toBe(reviews.length);
    expect(github!.requestsFor("apps/redeliver-webhook-delivery")).toHaveLength(1);

    // A few lines for the whole outage, not one per retry.
    const outageLines = app!
      .output()
      .split("\n")
      .slice(linesBefore)
      .filter((l) => l.includes("unreachable"));
    expect(outageLines.length).toBeLessThanOrEqual(3);

    const { ms, code } = await timeToExit(app!, ["SIGTERM"]);
    expect(code).toBe(0);
    expect(ms).toBeLessThan(10_000);
    console.info(
      `measured: readyz 503 after ${unready} ms, webhook 503 after ${refusedMs} ms, readyz 200 ${back} ms after the restart, exit ${ms} ms after SIGTERM`,
    );
  }, 90_000);

  it("exits within 10 s of SIGTERM while Redis is down", async () => {
    const { base } = await start(() => invoiceAnswer());
    await redis!.kill();
    await timeUntil(`${base}/readyz`, 503);
    const { ms, code } = await timeToExit(app!, ["SIGTERM"]);
    expect(code).toBe(0);
    expect(ms).toBeLessThan(10_000);
    console.info(`measured: exit ${ms} ms after SIGTERM with Redis down`);
  }, 60_000);

  async function streamingJob(): Promise<void> {
    await start(() => ({ kind: "hang", afterDeltas: 2, text: invoiceAnswer() }));
    expect(await github!.deliverEvent(mention(7301))).toBe(200);
    for (let i = 0; model!.requests.length === 0; i++) {
      if (i > 600) throw new Error("the model was never called");
      await sleep(25);
    }
  }

  it("exits within 10 s of SIGTERM while a model response streams", async () => {
    await streamingJob();
    const { ms, code } = await timeToExit(app!, ["SIGTERM"]);
    expect(code).toBe(0);
    expect(ms).toBeLessThan(10_000);
    console.info(`measured: exit ${ms} ms after SIGTERM with a job streaming`);
  }, 60_000);

  it("exits at once on a second signal", async () => {
    await streamingJob();
    app!.child.kill("SIGTERM");
    await sleep(300);
    const { ms, code } = await timeToExit(app!, ["SIGINT"]);
    expect(code).toBe(130);
    expect(ms).toBeLessThan(1_500);
  }, 60_000);
});
