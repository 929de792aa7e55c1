import { execFile } from "node:child_process";
import { GitError } from "./errors.js";

/** What one git command printed, and how it exited. */
export interface GitOutput {
  stdout: Buffer;
  stderr: string;
  exitCode: number;
}

export interface GitRunOptions {
  /** Exit codes that are answers, not failures (`git diff --no-index` exits 1 when files differ). */
  okExitCodes?: readonly number[];
}

// A large diff or file must not be cut off by Node's default 1 MiB buffer.
const MAX_BUFFER = 512 * 1024 * 1024;

/**
 * Settings that would change what git prints are pinned per command, so a user's configuration
 * (external diff drivers, colour, quoted paths, `diff.noprefix`) cannot change what is parsed.
 */
const PINNED = ["-c", "core.quotePath=false", "-c", "color.ui=false", "-c", "diff.noprefix=false"];

/** Runs `git` itself (never a shell) in `cwd`; a non-zero exit becomes a {@link GitError}. */
export function runGit(
  cwd: string,
  args: readonly string[],
  options: GitRunOptions = {},
): Promise<GitOutput> {
  const ok = new Set([0, ...(options.okExitCodes ?? [])]);
  return new Promise((resolve, reject) => {
    execFile(
      "git",
      [...PINNED, ...args],
      {
        cwd,
        encoding: "buffer",
        maxBuffer: MAX_BUFFER,
        env: { ...process.env, GIT_PAGER: "cat", LC_ALL: "C" },
      },
      (error, stdout, stderr) => {
        const err = stderr.toString("utf8");
        if (error && (error as NodeJS.ErrnoException).code === "ENOENT") {
          reject(new GitError("git_missing", "git was not found on PATH", { cause: error }));
          return;
        }
        const exitCode = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        if (!ok.has(exitCode)) {
          const detail = err.trim().split("\n")[0] ?? "";
          reject(new GitError("git_failed", `git ${args[0] ?? ""} failed: ${detail}`, { cause: error }));
          return;
        }
        resolve({ stdout, stderr: err, exitCode });
      },
    );
  });
}

/** The command's standard output as text, without the final newline. */
export async function gitText(cwd: string, args: readonly string[]): Promise<string> {
  const { stdout } = await runGit(cwd, args);
  return stdout.toString("utf8").replace(/\n$/, "");
}
