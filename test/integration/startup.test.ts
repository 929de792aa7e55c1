import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../support/free-port.js";
import { afterEach, describe, expect, it } from "vitest";
import { generateAppKeyPair } from "../fakes/github/index.js";

const ROOT = new URL("../..", import.meta.url).pathname;

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Runs the real entry point (what `npm start` runs) with exactly the given environment. */
function startMain(env: Record<string, string>): Started {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main/index.ts"], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitForHttp(url: string, timeoutMs = 20_000): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fetch(url, { redirect: "manual" });
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

describe("npm start", () => {
  const running: ChildProcess[] = [];
  const dirs: string[] = [];
  afterEach(() => {
    for (const child of running.splice(0)) child.kill("SIGKILL");
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("serves Probot's GitHub App registration page when no app credentials exist", async () => {
    const port = await freePort();
    const main = startMain({ HOST: "127.0.0.1", PORT: String(port), NO_SMEE_SETUP: "true" });
    running.push(main.child);
    const page = await waitForHttp(`http://127.0.0.1:${port}/probot`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("codex-spark-bot");
    // The manifest posted to GitHub carries app.yml's least-privilege permissions.
    expect(html).toContain("pull_requests");
    expect(html).toContain("checks");
  });

  it("names every missing variable and exits before starting anything", async () => {
    const main = startMain({
      APP_ID: "12",
      WEBHOOK_SECRET: "s",
      PRIVATE_KEY: generateAppKeyPair().privateKeyPem,
    });
    expect(await main.exited).toBe(1);
    expect(main.output()).toContain("Missing environment variable for the worker role: OPENAI_API_KEY");
  });

  it("explains how to get a Redis when none is configured or installed", async () => {
    const dir = mkdtempSync(join(tmpdir(), "codex-start-"));
    dirs.push(dir);
    const main = startMain({
      APP_ID: "12",
      WEBHOOK_SECRET: "s",
      PRIVATE_KEY: generateAppKeyPair().privateKeyPem,
      OPENAI_API_KEY: "sk-test",
      REDIS_DATA_DIR: dir,
      PATH: "/nonexistent",
    });
    expect(await main.exited).toBe(1);
    expect(main.output()).toContain("set QUEUE_REDIS_URL");
    expect(main.output()).toContain("apt-get install redis-server");
  });

  it("starts a private redis-server, serves health checks, and stops both on SIGTERM", async () => {
    const dir = mkdtempSync(join(tmpdir(), "codex-start-"));
    dirs.push(dir);
    const port = await freePort();
    const main = startMain({
      APP_ID: "12",
      WEBHOOK_SECRET: "s",
      PRIVATE_KEY: generateAppKeyPair().privateKeyPem,
      OPENAI_API_KEY: "sk-test",
      OPENAI_BASE_URL: "http://127.0.0.1:9/v1",
      CODEX_MODEL_PROBE: "false",
      REDIS_DATA_DIR: join(dir, "redis"),
      HOST: "127.0.0.1",
      PORT: String(port),
    });
    running.push(main.child);
    const ready = await waitForHttp(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(200);
    const redisPort = Number(/"port":(\d+),"dataDir"/.exec(main.output())?.[1]);
    expect(redisPort).toBeGreaterThan(0);
    expect(await portOpen(redisPort)).toBe(true);
    main.child.kill("SIGTERM");
    expect(await main.exited).toBe(0);
    expect(await portOpen(redisPort)).toBe(false);
  });
});
