/**
 * The world of `npm run bench -- e2e`: a private redis-server, the fake GitHub (30 ms per answer),
 * the fake model (200 ms to first token, 1000 tokens/s), all on loopback, and the real app (web
 * server + workers) started against them once per strategy, each under its own queue prefix.
 */
import { execFileSync, fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmbeddedRedis, type EmbeddedRedis } from "../src/queue/embedded-redis.js";
import { generateAppKeyPair, startFakeGitHub, type FakeGitHub } from "../test/fakes/github/index.js";
import { FAKE_API_KEY, startFakeModel, type FakeModel } from "../test/fakes/model/index.js";
import { freePort } from "../test/support/free-port.js";
import { AUTHOR, OWNER, REPO, laneAnswer } from "./e2e-fixture.js";

export const APP_ID = 515151;
export const INSTALLATION_ID = 4242;
export const WEBHOOK_SECRET = "bench-webhook-secret";
export const GITHUB_LATENCY_MS = 30;
export const MODEL_TTFT_MS = 200;
export const MODEL_TOKENS_PER_SECOND = 1000;

/** When the fake model received each request (epoch ms), by its sequence number. */
export type ModelClock = Map<number, number>;

export interface World {
  redis: EmbeddedRedis;
  github: FakeGitHub;
  model: FakeModel;
  modelClock: ModelClock;
  /** When the fake GitHub answered each request (epoch ms), in `github.requests` order. */
  answeredAt: number[];
  privateKeyPem: string;
  close(): Promise<void>;
}

/** `npm run build`, as `npm start` runs it: the app under test is the compiled JavaScript. */
export function buildApp(): void {
  execFileSync("npm", ["run", "--silent", "build"], {
    cwd: join(import.meta.dirname, ".."),
    stdio: "inherit",
  });
}

export async function startWorld(): Promise<World> {
  const dataDir = mkdtempSync(join(tmpdir(), "codex-bench-redis-"));
  const redis = await startEmbeddedRedis({ dataDir, persist: false });
  const keys = generateAppKeyPair();
  const github = await startFakeGitHub({ appId: APP_ID, publicKeyPem: keys.publicKeyPem });
  github.setLatency(GITHUB_LATENCY_MS);
  const answeredAt: number[] = [];
  github.onRequest(() => void answeredAt.push(Date.now()));
  github.addInstallation({ id: INSTALLATION_ID, account: OWNER, repositories: [`${OWNER}/${REPO}`] });
  github.addRepo({ owner: OWNER, repo: REPO });
  github.setPermission(OWNER, REPO, AUTHOR, "write");
  const modelClock: ModelClock = new Map();
  const model = await startFakeModel({
    behaviour: { ttftMs: MODEL_TTFT_MS, tokensPerSecond: MODEL_TOKENS_PER_SECOND },
    script: (request) => {
      modelClock.set(request.seq, Date.now());
      return laneAnswer(request);
    },
  });
  return {
    redis,
    github,
    model,
    modelClock,
    answeredAt,
    privateKeyPem: keys.privateKeyPem,
    async close() {
      await model.close();
      await github.close();
      await redis.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface AppStats {
  /** CPU time of the app's process so far, µs. */
  cpu: { user: number; system: number };
  /** Resident set size now, bytes. */
  rss: number;
}

export interface BenchApp {
  prefix: string;
  webhookUrl: string;
  /** The app process's CPU time and memory, asked over IPC. */
  stats(): Promise<AppStats>;
  stop(): Promise<void>;
}

/**
 * The app as `npm start` runs it (ROLE=all), with `env` on top, in a child process. `throttled`
 * turns on Probot's throttling (GITHUB_THROTTLE=probot), which spaces writes per installation; otherwise
 * writes go out at once, as in the integration tests.
 */
export async function startBenchApp(
  world: World,
  prefix: string,
  env: Record<string, string>,
  throttled: boolean,
): Promise<BenchApp> {
  const port = await freePort();
  const child = fork(join(import.meta.dirname, "e2e-child.js"), [], {
    execArgv: [],
    stdio: ["ignore", "ignore", "inherit", "ipc"],
    env: {
      PATH: process.env.PATH,
      APP_ID: String(APP_ID),
      PRIVATE_KEY: world.privateKeyPem,
      WEBHOOK_SECRET,
      GHE_HOST: new URL(world.github.url).host,
      GHE_PROTOCOL: "http",
      HOST: "127.0.0.1",
      PORT: String(port),
      QUEUE_REDIS_URL: world.redis.url,
      QUEUE_PREFIX: prefix,
      OPENAI_API_KEY: FAKE_API_KEY,
      OPENAI_BASE_URL: world.model.url,
      LOG_LEVEL: "silent",
      JOB_ATTEMPTS: "1",
      GITHUB_THROTTLE: throttled ? "probot" : "off",
      ...env,
    },
  });
  const ready = await new Promise<{ port: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the app did not start within 30 s")), 30_000);
    child.once("exit", (code) => reject(new Error(`the app exited with ${String(code)}`)));
    child.once("message", (message) => {
      clearTimeout(timer);
      resolve(message as { port: number });
    });
  });
  const stop = async (): Promise<void> => {
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.send("stop");
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };
  const stats = (): Promise<AppStats> =>
    new Promise((resolve) => {
      const onMessage = (message: unknown): void => {
        const answer = message as { stats?: AppStats };
        if (!answer.stats) return;
        child.off("message", onMessage);
        resolve(answer.stats);
      };
      child.on("message", onMessage);
      child.send("stats");
    });
  return { prefix, webhookUrl: `http://127.0.0.1:${ready.port}/api/github/webhooks`, stats, stop };
}
