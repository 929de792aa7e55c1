import { spawn, type ChildProcess } from "node:child_process";

const ROOT = new URL("../..", import.meta.url).pathname;

/** The app (`test/support/child-app.ts`) in a child process that tests may SIGKILL. */
export interface ChildApp {
  child: ChildProcess;
  /** Resolves once the app printed "ready". */
  ready: Promise<void>;
  exited: Promise<void>;
}

export function spawnApp(env: Record<string, string>): ChildApp {
  const child = spawn(process.execPath, ["--import", "tsx", "test/support/child-app.ts"], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("ready")) resolve();
    });
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => reject(new Error(`child exited (${code}) before ready:\n${output}`)));
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return { child, ready, exited };
}
