import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { generateAppKeyPair, startFakeGitHub, type FakeGitHub } from "../fakes/github/index.js";
import { startFakeModel, type FakeModel } from "../fakes/model/index.js";
import { deliverWebhook } from "../fixtures/github/webhooks.js";
import { INVOICE_PR } from "../fixtures/prs/invoice-pr.js";
import { freePort } from "../support/free-port.js";
import { startAppProcess, type AppProcess } from "../support/app-process.js";
import { APP_ID, appEnv, WEBHOOK_SECRET } from "./harness.js";
import { invoiceEvent, seedInvoice, sleep } from "./lifecycle-support.js";

type Run = { status: string; conclusion: string | null; output: { title: string; summary: string } };

async function until<T>(find: () => T | undefined, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await sleep(50);
  }
}

/**
 * BullMQ lets a job stall once (`maxStalledCount` 1) and fails it the second time, without our
 * processor ever seeing an error: only the worker's `failed` event can end its check run then.
 */
describe("a review job that stalls past BullMQ's limit", () => {
  const children: AppProcess[] = [];
  let github: FakeGitHub | undefined;
  let model: FakeModel | undefined;
  afterEach(async () => {
    for (const app of children.splice(0)) app.child.kill("SIGKILL");
    await github?.close();
    await model?.close();
  });

  it("has its check run completed from the failed event, with the re-run advice", async () => {
    const keys = generateAppKeyPair();
    github = await startFakeGitHub({ appId: APP_ID, publicKeyPem: keys.publicKeyPem });
    seedInvoice(github, { config: "debounceSeconds: 0\n" });
    // Whichever process is running the job dies as it asks the model: its job lock is not renewed.
    let running: AppProcess | undefined;
    model = await startFakeModel({
      script: () => {
        running?.child.kill("SIGKILL");
        return { kind: "hang" };
      },
    });
    const prefix = `stall${randomUUID().slice(0, 8)}`;
    const start = async (): Promise<{ app: AppProcess; port: number }> => {
      const port = await freePort();
      const app = startAppProcess(
        appEnv({
          github: github!,
          model: model!,
          keyPem: keys.privateKeyPem,
          prefix,
          port,
          env: { JOB_LOCK_MS: "1500" },
        }),
      );
      children.push(app);
      running = app;
      await app.ready;
      return { app, port };
    };

    const first = await start();
    const status = await deliverWebhook(`http://127.0.0.1:${first.port}/api/github/webhooks`, {
      ...invoiceEvent("opened"),
      secret: WEBHOOK_SECRET,
    });
    expect(status).toBe(200);
    await first.app.exited;
    // The second process takes the stalled job over (its first stall) and dies the same way.
    const second = await start();
    await until(() => (model!.requests.length >= 2 ? true : undefined), "the takeover asked the model");
    await second.app.exited;
    running = undefined;
    // The third finds it stalled again: BullMQ fails it, and no code of ours ran for that.
    await start();

    const run = await until(() => {
      const runs = github!.checkRuns("acme", "billing", INVOICE_PR.headSha) as Run[];
      return runs.length > 0 && runs.every((r) => r.status === "completed") ? runs : undefined;
    }, "every check run completed");
    expect(run).toHaveLength(1);
    expect(run[0]).toMatchObject({
      status: "completed",
      conclusion: "neutral",
      output: {
        title: "The review job failed — Re-run this check to review again",
        summary:
          "**The review could not be completed: the review job failed.**\n\n" +
          "Next: Re-run this check to review again.",
      },
    });
    expect(model.requests).toHaveLength(2);
    expect(github.reviews("acme", "billing", INVOICE_PR.number)).toEqual([]);
    expect(github.problems()).toEqual([]);
  }, 120_000);
});
