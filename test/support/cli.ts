/**
 * The local CLI as users run it: `bin/codex-spark-bot.js` in a child process, inside temporary git
 * repositories made by the test, talking to the fake model server.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const BIN = join(dirname(fileURLToPath(import.meta.url)), "../../bin/codex-spark-bot.js");

export interface TempRepo {
  dir: string;
  git(...args: string[]): string;
  /** Writes a file (string or exact bytes), creating its folders. */
  write(path: string, content: string | Buffer): void;
  commitAll(message: string): string;
  remove(): void;
}

/** A fresh repository on `main` with one commit of `files`. */
export function makeRepo(files: Record<string, string | Buffer>): TempRepo {
  const dir = mkdtempSync(join(tmpdir(), "codex-cli-"));
  const git = (...args: string[]): string =>
    execFileSync("git", args, { cwd: dir, env: gitEnv(), encoding: "utf8" }).trim();
  const repo: TempRepo = {
    dir,
    git,
    write(path, content) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    },
    commitAll(message) {
      git("add", "-A");
      git("commit", "-q", "-m", message);
      return git("rev-parse", "HEAD");
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
  git("init", "-q", "-b", "main");
  git("config", "user.email", "dev@example.com");
  git("config", "user.name", "Dev");
  git("config", "commit.gpgsign", "false");
  for (const [path, content] of Object.entries(files)) repo.write(path, content);
  repo.commitAll("initial");
  return repo;
}

/** No user or system git config: the test's repositories behave the same on every machine. */
function gitEnv(): NodeJS.ProcessEnv {
  return { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" };
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment the CLI sees: nothing of the test process's OpenAI or CODEX_ settings. */
export function cliEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const base = Object.fromEntries(
    Object.entries(gitEnv()).filter(([key]) => !/^(OPENAI_|CODEX_|NO_COLOR$|FORCE_COLOR$)/.test(key)),
  );
  return { ...base, ...extra };
}

/** Runs `codex-spark-bot <args>` in `cwd` and waits for it to exit. */
export function runCli(
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  stdin = "",
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

// The model's answers, as the CLI tests write them (built in `test/fakes/model/answers.ts`).
export { finding, reviewAnswer as answer } from "../fakes/model/answers.js";

/** The text of the last user message of a request the fake received (the lane's diff is there). */
export function promptOf(body: Record<string, unknown>): string {
  const input = body.input as Array<{ content: string | Array<{ text: string }> }>;
  const last = input[input.length - 1];
  if (!last) return "";
  return typeof last.content === "string" ? last.content : last.content.map((c) => c.text).join("");
}
