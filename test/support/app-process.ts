import { spawn, type ChildProcess } from "node:child_process";

const ROOT = new URL("../..", import.meta.url).pathname;

/** The real app as `npm start` runs it, in a child process a test can signal or SIGKILL. */
export interface AppProcess {
  child: ChildProcess;
  /** Resolves once the app printed `ready`. */
  ready: Promise<void>;
  /** Resolves with the exit code (or the signal's name) when the process ends. */
  exited: Promise<number | string>;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
}

export function startAppProcess(env: Record<string, string>): AppProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "test/support/child-app.ts"], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (/^ready /m.test(output)) resolve();
    });
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => reject(new Error(`child exited (${code}) before ready:\n${output}`)));
  });
  ready.catch(() => {});
  const exited = new Promise<number | string>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? signal ?? "unknown")),
  );
  return { child, ready, exited, output: () => output };
}
