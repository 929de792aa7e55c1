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

/**
 * The environment of an app wired to the fakes: every GitHub call through the Enterprise Server
 * base URL (token requests included), the suite's Redis, silent logs, no probe, no redelivery
 * recovery (the outage tests turn it on; elsewhere it would add a request to every GitHub log).
 */
export function appEnv(input: {
  github: FakeGitHub;
  model: FakeModel;
  keyPem: string;
  prefix: string;
  port: number;
  env?: Record<string, string> | undefined;
}): Record<string, string> {
  return {
    APP_ID: String(APP_ID),
    PRIVATE_KEY: input.keyPem,
    WEBHOOK_SECRET,
    GHE_HOST: new URL(input.github.url).host,
    GHE_PROTOCOL: "http",
    HOST: "127.0.0.1",
    PORT: String(input.port),
    QUEUE_REDIS_URL: inject("redisUrl"),
    QUEUE_PREFIX: input.prefix,
    OPENAI_API_KEY: FAKE_API_KEY,
    OPENAI_BASE_URL: input.model.url,
    LOG_LEVEL: "silent",
    CODEX_MODEL_PROBE: "false",
    RECOVER_DELIVERIES: "false",
    ...input.env,
  };
}

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
  const raw = appEnv({
    github,
    model,
    keyPem: keys.privateKeyPem,
    prefix,
    port,
    env: { JOB_ATTEMPTS: "2", ...options.env },
  });
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
