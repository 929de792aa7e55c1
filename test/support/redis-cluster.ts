import { execFile, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** A real Redis Cluster of `redis-server --cluster-enabled yes` processes on loopback. */
export interface LocalCluster {
  /** `redis+cluster://` URL naming one seed node only: the client must discover the others. */
  url: string;
  ports: number[];
  stop(): Promise<void>;
}

/** Why a cluster cannot be started here, or null when it can (`redis-cli --cluster` exists). */
export function clusterUnsupported(): string | null {
  const help = spawnSync("redis-cli", ["--cluster", "help"], { encoding: "utf8" });
  if (help.error) return "redis-cli is not on PATH";
  return /create/.test(`${help.stdout}${help.stderr}`) ? null : "this redis-cli has no --cluster support";
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** A port whose cluster bus port (port + 10000) is free too. */
async function clusterPort(taken: Set<number>): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 30_000);
    if (taken.has(port) || taken.has(port + 10_000)) continue;
    if ((await portFree(port)) && (await portFree(port + 10_000))) {
      taken.add(port).add(port + 10_000);
      return port;
    }
  }
}

function startNode(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(
    "redis-server",
    [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--dir",
      dir,
      "--cluster-enabled",
      "yes",
      "--cluster-config-file",
      `nodes-${port}.conf`,
      "--cluster-node-timeout",
      "2000",
      "--save",
      "",
      "--appendonly",
      "no",
      "--maxmemory-policy",
      "noeviction",
    ],
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
    child.once("exit", (code) => reject(new Error(`cluster node ${port} exited (${code}):\n${output}`)));
  });
}

async function waitForClusterOk(ports: number[]): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const states = await Promise.all(
      ports.map((port) =>
        run("redis-cli", ["-p", String(port), "cluster", "info"]).then(
          (r) => r.stdout,
          () => "",
        ),
      ),
    );
    if (states.every((info) => info.includes("cluster_state:ok"))) return;
    if (Date.now() > deadline) throw new Error(`cluster did not become ok:\n${states.join("\n")}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Starts `masters` nodes, joins them with `redis-cli --cluster create`, waits for `cluster_state:ok`. */
export async function startLocalCluster(masters = 3): Promise<LocalCluster> {
  const dir = mkdtempSync(join(tmpdir(), "codex-test-cluster-"));
  const taken = new Set<number>();
  const ports: number[] = [];
  for (let i = 0; i < masters; i++) ports.push(await clusterPort(taken));
  const nodes = await Promise.all(ports.map((port) => startNode(port, dir)));
  const stop = async (): Promise<void> => {
    await Promise.all(
      nodes.map(
        (node) =>
          new Promise<void>((resolve) => {
            if (node.exitCode !== null || node.signalCode !== null) return resolve();
            node.once("exit", () => resolve());
            node.kill("SIGKILL");
          }),
      ),
    );
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await run("redis-cli", [
      "--cluster",
      "create",
      ...ports.map((port) => `127.0.0.1:${port}`),
      "--cluster-replicas",
      "0",
      "--cluster-yes",
    ]);
    await waitForClusterOk(ports);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `redis+cluster://127.0.0.1:${ports[0]}`, ports, stop };
}
