/**
 * The local CLI as users run it: `bin/codex-spark-bot.js` in a child process, inside temporary git
 * repositories made by the test, talking to the fake model server.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Finding, ReviewOutput } from "../../src/review/findings/schema.js";

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

/** A finding as the model writes it; fields not given take plain defaults. */
export function finding(
  fields: Partial<Finding> & Pick<Finding, "path" | "start_line" | "original_code">,
): Finding {
  return {
    title: "A finding",
    body: "Why it matters.",
    priority: 2,
    confidence_score: 0.9,
    end_line: fields.start_line,
    suggestion: null,
    deletes_lines: false,
    ...fields,
  };
}

/** The model's whole answer, as JSON text for the fake to stream. */
export function answer(findings: Finding[], overall: Partial<ReviewOutput> = {}): string {
  const output: ReviewOutput = {
    findings,
    overall_correctness: findings.some((f) => (f.priority ?? 3) <= 1)
      ? "patch is incorrect"
      : "patch is correct",
    overall_explanation: "Checked the change.",
    overall_confidence_score: 0.8,
    ...overall,
  };
  return JSON.stringify(output);
}

/** The text of the last user message of a request the fake received (the lane's diff is there). */
export function promptOf(body: Record<string, unknown>): string {
  const input = body.input as Array<{ content: string | Array<{ text: string }> }>;
  const last = input[input.length - 1];
  if (!last) return "";
  return typeof last.content === "string" ? last.content : last.content.map((c) => c.text).join("");
}
