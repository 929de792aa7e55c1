import { randomUUID } from "node:crypto";
import { inject } from "vitest";
import { freePort } from "../support/free-port.js";
import { parseEnv } from "../../src/config/env.js";
import { startApp, type AppHandle } from "../../src/main/all.js";
import { createLogger } from "../../src/observability/logger.js";
import {
  generateAppKeyPair,
  startFakeGitHub,
  type AppKeyPair,
  type FakeGitHub,
} from "../fakes/github/index.js";
import { FAKE_API_KEY, startFakeModel, type FakeModel, type Script } from "../fakes/model/index.js";
import { deliverWebhook, type WebhookEvent } from "../fixtures/github/webhooks.js";
import { queuesSettled } from "./settled.js";

export const APP_ID = 424242;
export const WEBHOOK_SECRET = "test-webhook-secret-9f3a";

/** The app's private key (PEM) of every harness, for tests that look for leaked secrets. */
export function appPrivateKey(): string {
  keys ??= generateAppKeyPair();
  return keys.privateKeyPem;
}

let keys: AppKeyPair | undefined;

/** The real app (web + workers, real Redis) wired to a fake GitHub and a fake model on loopback. */
export interface Harness {
  /** The BullMQ and Redis key prefix of this app: tests touch only keys under it. */
  prefix: string;
  /** The environment the app was started with, to start more processes of the same installation. */
  raw: Record<string, string>;
  github: FakeGitHub;
  model: FakeModel;
  app: AppHandle;
  webhookUrl: string;
  /** Delivers a signed webhook; returns the HTTP status. */
  deliver(event: WebhookEvent, options?: { deliveryId?: string; signature?: string }): Promise<number>;
  /** Resolves once no job is pending: what the bot was going to do after the webhooks, it did. */
  settled(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  script?: Script;
  env?: Record<string, string>;
  /** Collects every log line the app writes (at trace level, with the app's own redaction). */
  logLines?: string[];
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  keys ??= generateAppKeyPair();
  const github = await startFakeGitHub({ appId: APP_ID, publicKeyPem: keys.publicKeyPem });
  const model = await startFakeModel({ script: options.script });
  const port = await freePort();
  const prefix = `it${randomUUID().slice(0, 8)}`;
  const raw: Record<string, string> = {
    APP_ID: String(APP_ID),
    PRIVATE_KEY: keys.privateKeyPem,
    WEBHOOK_SECRET,
    // Every GitHub call goes through the Enterprise Server base URL, token requests included.
    GHE_HOST: new URL(github.url).host,
    GHE_PROTOCOL: "http",
    HOST: "127.0.0.1",
    PORT: String(port),
    QUEUE_REDIS_URL: inject("redisUrl"),
    QUEUE_PREFIX: prefix,
    OPENAI_API_KEY: FAKE_API_KEY,
    OPENAI_BASE_URL: model.url,
    LOG_LEVEL: "silent",
    CODEX_MODEL_PROBE: "false",
    JOB_ATTEMPTS: "2",
    // The outage tests turn it on; elsewhere it would add a request to every GitHub log.
    RECOVER_DELIVERIES: "false",
    ...options.env,
  };
  const env = parseEnv(raw);
  const lines = options.logLines;
  const app = await startApp(env, {
    defaultMetrics: false,
    ...(lines ? { logger: createLogger("trace", { write: (line: string) => void lines.push(line) }) } : {}),
  });
  const webhookUrl = `http://127.0.0.1:${app.web?.port ?? port}${env.WEBHOOK_PATH}`;
  return {
    prefix,
    raw,
    github,
    model,
    app,
    webhookUrl,
    deliver: (event, delivery = {}) =>
      deliverWebhook(webhookUrl, { ...event, secret: WEBHOOK_SECRET, ...delivery }),
    settled: (timeoutMs) => queuesSettled(raw.QUEUE_REDIS_URL as string, prefix, timeoutMs),
    async close() {
      await app.stop();
      await model.close();
      await github.close();
      // Whatever a test did, the bot must never have sent GitHub a comment on a line it rejects.
      const rejected = github.requests.filter(
        (r) =>
          r.status === 422 &&
          (r.operationId === "pulls/create-review" || r.operationId === "pulls/create-review-comment"),
      );
      if (rejected.length > 0)
        throw new Error(`GitHub rejected review comments: ${JSON.stringify(rejected.map((r) => r.body))}`);
    },
  };
}
