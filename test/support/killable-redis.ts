import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port.js";

/** A `redis-server` a test can SIGKILL and start again on the same port and append-only file. */
export interface KillableRedis {
  url: string;
  port: number;
  kill(): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

function spawnRedis(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(
    "redis-server",
    // fsync on every write: the test kills Redis right after a webhook was acknowledged.
    ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "yes"].concat(
      ["--appendfsync", "always", "--maxmemory-policy", "noeviction"],
    ),
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Ready to accept connections")) {
        child.stdout?.removeAllListeners("data");
        child.stdout?.resume();
        resolve(child);
      }
    });
    child.stderr?.resume();
    child.once("exit", (code) => reject(new Error(`redis-server ${port} exited (${code}):\n${output}`)));
  });
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

export async function startKillableRedis(): Promise<KillableRedis> {
  const dir = mkdtempSync(join(tmpdir(), "codex-test-outage-"));
  const port = await freePort();
  let child: ChildProcess | null = await spawnRedis(port, dir);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async kill() {
      if (child) await killed(child);
      child = null;
    },
    async restart() {
      child ??= await spawnRedis(port, dir);
    },
    async stop() {
      if (child) await killed(child);
      child = null;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
