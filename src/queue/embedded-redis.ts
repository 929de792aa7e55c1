import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { resolve } from "node:path";
import { ConfigError } from "../errors.js";

export interface EmbeddedRedisOptions {
  /** Where Redis keeps its append-only file. Created when missing. */
  dataDir: string;
  /** Keep an append-only file so queued jobs survive a restart. Default true; tests turn it off. */
  persist?: boolean;
  /** The binary to run. Default `redis-server` from PATH. */
  binary?: string;
}

export interface EmbeddedRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export const REDIS_MISSING_HELP =
  "No queue Redis is configured and no `redis-server` was found on PATH. " +
  "Either set QUEUE_REDIS_URL to a Redis 6.2+ server (for example QUEUE_REDIS_URL=redis://127.0.0.1:6379), " +
  "or install Redis so the bot can start a private one: `apt-get install redis-server` on Debian/Ubuntu, " +
  "`brew install redis` on macOS. (The variable is not REDIS_URL on purpose: Probot reacts to that name.)";

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function waitForReady(child: ChildProcess, port: number): Promise<void> {
  return new Promise((resolveReady, reject) => {
    let output = "";
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes("Ready to accept connections")) {
        cleanup();
        resolveReady();
      }
    };
    const onExit = (code: number | null): void => {
      cleanup();
      reject(new Error(`redis-server on port ${port} exited early (code ${code}):\n${output.slice(-2000)}`));
    };
    const onError = (error: NodeJS.ErrnoException): void => {
      cleanup();
      reject(error.code === "ENOENT" ? new ConfigError(REDIS_MISSING_HELP, { cause: error }) : error);
    };
    const cleanup = (): void => {
      child.stdout?.off("data", onData);
      child.off("exit", onExit);
      child.off("error", onError);
    };
    child.stdout?.on("data", onData);
    child.once("exit", onExit);
    child.once("error", onError);
  });
}

async function startOnce(options: EmbeddedRedisOptions): Promise<EmbeddedRedis> {
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const port = await freePort();
  const persist = options.persist ?? true;
  const args = [
    "--port",
    String(port),
    "--bind",
    "127.0.0.1",
    "--dir",
    dataDir,
    "--save",
    "",
    "--appendonly",
    persist ? "yes" : "no",
    "--daemonize",
    "no",
    "--protected-mode",
    "yes",
    // BullMQ requires this policy: evicting its keys would lose jobs.
    "--maxmemory-policy",
    "noeviction",
  ];
  const child = spawn(options.binary ?? "redis-server", args, { stdio: ["ignore", "pipe", "pipe"] });
  await waitForReady(child, port);
  // Keep draining output so a chatty Redis never blocks on a full pipe.
  child.stdout?.resume();
  child.stderr?.resume();
  let stopped: Promise<void> | undefined;
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop() {
      stopped ??= new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once("exit", () => done());
        child.kill("SIGTERM");
      });
      return stopped;
    },
  };
}

/**
 * Starts a private `redis-server` child bound to 127.0.0.1 on a free port. Retries when another
 * process took the port between our probe and Redis binding it.
 */
export async function startEmbeddedRedis(options: EmbeddedRedisOptions): Promise<EmbeddedRedis> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(options);
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      lastError = error;
    }
  }
  throw lastError;
}
