import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, cliEnv, makeRepo, type TempRepo } from "../../support/cli.js";

const ROOT = join(dirname(BIN), "..");

describe("the codex-spark-bot command, installed as npm installs a bin", () => {
  let origin: TempRepo;
  let work: string;

  beforeAll(() => {
    origin = makeRepo({ "a.js": "1;\n" });
    origin.git("checkout", "-q", "-b", "feature");
    origin.write("a.js", "2;\n");
    origin.commitAll("change");
    origin.git("checkout", "-q", "main");
    work = mkdtempSync(join(tmpdir(), "codex-cli-install-"));
    execFileSync("git", ["clone", "-q", origin.dir, join(work, "clone")], { env: cliEnv({}) });
    execFileSync("git", ["checkout", "-q", "feature"], { cwd: join(work, "clone"), env: cliEnv({}) });
    // `npm install -g` and `npx` link the bin into a directory on PATH.
    symlinkSync(BIN, join(work, "codex-spark-bot"));
  });
  afterAll(() => {
    origin.remove();
    rmSync(work, { recursive: true, force: true });
  });

  it("package.json names an executable script with a node shebang", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
      bin: Record<string, string>;
    };
    expect(pkg.bin).toEqual({ "codex-spark-bot": "bin/codex-spark-bot.js" });
    expect(readFileSync(BIN, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
    expect(statSync(BIN).mode & 0o111).not.toBe(0);
  });

  it("`codex-spark-bot review --plan` works from PATH in a fresh clone (origin/HEAD names the default branch)", async () => {
    const env = cliEnv({ PATH: `${work}:${dirname(process.execPath)}:${process.env.PATH ?? ""}` });
    const run = await new Promise<{ code: number | null; out: string; err: string }>((resolve, reject) => {
      const child = spawn("codex-spark-bot", ["review", "--plan"], { cwd: join(work, "clone"), env });
      let out = "";
      let err = "";
      child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
      child.stderr.setEncoding("utf8").on("data", (d: string) => (err += d));
      child.on("error", reject);
      child.on("close", (code) => resolve({ code, out, err }));
    });
    expect(run.err).toBe("");
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^Plan: 1 lane to gpt-5\.3-codex-spark/);
    expect(run.out).toContain("1 file, ");
    expect(run.out).toContain("## file: a.js (modified, +1 -1)");
  });
});
