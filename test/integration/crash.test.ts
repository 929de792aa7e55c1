import type { ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { freePort } from "../support/free-port.js";
import { startAppProcess } from "../support/app-process.js";
import { afterEach, describe, expect, it } from "vitest";
import { generateAppKeyPair, startFakeGitHub, type FakeGitHub } from "../fakes/github/index.js";
import { startFakeModel, type FakeModel } from "../fakes/model/index.js";
import { deliverWebhook } from "../fixtures/github/webhooks.js";
import { INVOICE_PR } from "../fixtures/prs/invoice-pr.js";
import { APP_ID, appEnv, WEBHOOK_SECRET } from "./harness.js";
import { invoiceAnswer, invoiceEvent, seedInvoice, sleep } from "./lifecycle-support.js";

describe("a worker killed right after GitHub accepted the review", () => {
  const children: ChildProcess[] = [];
  let github: FakeGitHub | undefined;
  let model: FakeModel | undefined;
  afterEach(async () => {
    for (const child of children.splice(0)) child.kill("SIGKILL");
    await github?.close();
    await model?.close();
  });

  it("still ends with exactly one review and a completed check run after a restart", async () => {
    const keys = generateAppKeyPair();
    github = await startFakeGitHub({ appId: APP_ID, publicKeyPem: keys.publicKeyPem });
    model = await startFakeModel({ script: () => invoiceAnswer() });
    seedInvoice(github);
    const env = (port: number): Record<string, string> =>
      appEnv({
        github: github!,
        model: model!,
        keyPem: keys.privateKeyPem,
        prefix,
        port,
        env: { JOB_LOCK_MS: "1500", RECOVER_DELIVERIES: "true" },
      });
    const prefix = `crash${randomUUID().slice(0, 8)}`;

    const firstPort = await freePort();
    const first = startAppProcess(env(firstPort));
    children.push(first.child);
    await first.ready;
    github.onRequest((request) => {
      if (request.operationId === "pulls/create-review") first.child.kill("SIGKILL");
    });
    const event = invoiceEvent("opened");
    const status = await deliverWebhook(`http://127.0.0.1:${firstPort}/api/github/webhooks`, {
      ...event,
      secret: WEBHOOK_SECRET,
    });
    expect(status).toBe(200);
    await first.exited;
    expect(github.reviews("acme", "billing", INVOICE_PR.number)).toHaveLength(1);

    const second = startAppProcess(env(await freePort()));
    children.push(second.child);
    await second.ready;
    const deadline = Date.now() + 20_000;
    for (;;) {
      const [run] = github.checkRuns("acme", "billing", INVOICE_PR.headSha) as Array<{ status: string }>;
      if (run?.status === "completed") break;
      if (Date.now() > deadline) throw new Error(`check run never completed: ${JSON.stringify(run)}`);
      await sleep(50);
    }
    expect(github.reviews("acme", "billing", INVOICE_PR.number)).toHaveLength(1);
    expect(github.requestsFor("pulls/create-review")).toHaveLength(1);
    // The restarted worker found the posted review by its marker before calling the model again.
    expect(model.requests).toHaveLength(1);
    // It completed the run with the review's own result, stored before the POST.
    expect(github.checkRuns("acme", "billing", INVOICE_PR.headSha)).toMatchObject([
      { status: "completed", conclusion: "neutral" },
    ]);
  });
});
