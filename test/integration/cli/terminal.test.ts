import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeModel, type FakeModel } from "../../fakes/model/index.js";
import { answer, BIN, cliEnv, finding, makeRepo, runCli, type TempRepo } from "../../support/cli.js";

/** Runs the CLI on a pseudo-terminal (util-linux `script`), so stdout is a TTY as for a person. */
function runOnTerminal(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  reply?: { when: string; text: string },
): Promise<{ code: number | null; out: string }> {
  const command = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
  return new Promise((resolve, reject) => {
    const child = spawn("script", ["-qefc", command, "/dev/null"], {
      cwd,
      env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      out += d;
      // Typed only once the question is on screen, as a person would.
      if (reply && out.includes(reply.when) && child.stdin.writable) child.stdin.end(reply.text);
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, out }));
    if (!reply) child.stdin.end();
  });
}

describe("codex-spark-bot review on a terminal", () => {
  let model: FakeModel;
  let repo: TempRepo;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    const findings = [
      finding({
        path: "a.js",
        start_line: 1,
        original_code: "export const a = 2;",
        suggestion: "export const a = 3;",
        priority: 0,
      }),
    ];
    model = await startFakeModel({ script: () => answer(findings) });
    repo = makeRepo({ "a.js": "export const a = 1;\n", "b.js": "export const b = 1;\n" });
    repo.git("checkout", "-q", "-b", "feature");
    repo.write("a.js", "export const a = 2;\n");
    repo.write("b.js", "export const b = 2;\n");
    repo.commitAll("change");
    // One lane per file, so the progress line has something to count.
    env = cliEnv({ OPENAI_API_KEY: model.apiKey, OPENAI_BASE_URL: model.url, CODEX_LANE_MAX_FILES: "1" });
  });
  afterAll(async () => {
    await model.close();
    repo.remove();
  });

  it("colours the suggestion diff and shows a live progress line", async () => {
    const run = await runOnTerminal(["review", "main...feature"], repo.dir, env);
    expect(run.code).toBe(0);
    expect(run.out).toContain("\u001b[31m-export const a = 2;\u001b[39m");
    expect(run.out).toContain("\u001b[32m+export const a = 3;\u001b[39m");
    expect(run.out).toMatch(/reviewing: lanes 0\/2 · 0 findings so far/);
    expect(run.out).toMatch(/reviewing: lanes 2\/2 · 2 findings so far/);
  });

  it("NO_COLOR keeps the terminal free of colour", async () => {
    const run = await runOnTerminal(["review", "main...feature"], repo.dir, { ...env, NO_COLOR: "1" });
    expect(run.code).toBe(0);
    expect(run.out).toContain("-export const a = 2;");
    expect(run.out).not.toMatch(new RegExp(`${"\u001b"}\\[3\\dm`));
  });

  it("a pipe gets neither colour nor the progress line", async () => {
    const run = await runCli(["review", "main...feature"], repo.dir, env);
    expect(run.code).toBe(0);
    expect(run.stdout + run.stderr).not.toContain("\u001b[");
    expect(run.stderr).not.toContain("reviewing:");
  });

  it("--apply asks on a terminal: 'n' writes nothing, 'y' writes the suggestion", async () => {
    const question = "Apply 1 suggestion to 1 file? [y/N]";
    const no = await runOnTerminal(["review", "main...feature", "--apply"], repo.dir, env, {
      when: question,
      text: "n\n",
    });
    expect(no.code).toBe(0);
    expect(no.out).toContain("No suggestion applied.");
    expect(readFileSync(join(repo.dir, "a.js"), "utf8")).toBe("export const a = 2;\n");
    const yes = await runOnTerminal(["review", "main...feature", "--apply"], repo.dir, env, {
      when: question,
      text: "y\n",
    });
    expect(yes.code).toBe(0);
    expect(yes.out).toContain("Applied 1 suggestion to a.js.");
    expect(readFileSync(join(repo.dir, "a.js"), "utf8")).toBe("export const a = 3;\n");
  });
});
