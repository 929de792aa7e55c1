import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliEnv, makeRepo, runCli, type TempRepo } from "../../support/cli.js";

interface Plan {
  lanes: Array<{ files: string[]; messages: Array<{ content: string }> }>;
}

describe("codex-spark-bot review: which changes a range means", () => {
  let repo: TempRepo;

  beforeAll(() => {
    repo = makeRepo({ "base.js": "1;\n", "staged.js": "1;\n", "unstaged.js": "1;\n" });
    repo.git("checkout", "-q", "-b", "feature");
    repo.write("committed.js", "new;\n");
    repo.commitAll("on the branch");
    repo.write("staged.js", "2;\n");
    repo.git("add", "staged.js");
    repo.write("unstaged.js", "2;\n");
    repo.write("untracked.js", "brand new;\n");
  });
  afterAll(() => repo.remove());

  const files = async (...args: string[]): Promise<string[]> => {
    const run = await runCli(["review", ...args, "--plan", "--format", "json"], repo.dir, cliEnv({}));
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const plan = JSON.parse(run.stdout) as Plan;
    return plan.lanes.flatMap((l) => l.files).sort();
  };

  it("by default: the branch since its merge base with main, plus every edit on disk, untracked files too", async () => {
    expect(await files()).toEqual(["committed.js", "staged.js", "unstaged.js", "untracked.js"]);
  });

  it("--staged: the index against HEAD", async () => {
    expect(await files("--staged")).toEqual(["staged.js"]);
  });

  it("--worktree: the files on disk against HEAD", async () => {
    expect(await files("--worktree")).toEqual(["staged.js", "unstaged.js", "untracked.js"]);
  });

  it("main...feature and main..feature: commits only", async () => {
    expect(await files("main...feature")).toEqual(["committed.js"]);
    expect(await files("main..feature")).toEqual(["committed.js"]);
  });

  it("more than one range is a usage error", async () => {
    const run = await runCli(["review", "main...feature", "--staged"], repo.dir, cliEnv({}));
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "codex-spark-bot: give one range: <base>...<head>, <base>..<head>, --staged or --worktree\n",
    );
  });
});
