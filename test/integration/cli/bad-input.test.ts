import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseRepoConfig } from "../../../src/config/repo-config.js";
import { startFakeModel, type FakeModel } from "../../fakes/model/index.js";
import { answer, cliEnv, makeRepo, runCli, type TempRepo } from "../../support/cli.js";

const BAD_CONFIG = "maxInlineComments: lots\ninlineUpToPrioirty: 2\n";

describe("codex-spark-bot review: bad input gets a clear message and exit code 2", () => {
  let model: FakeModel;
  let repo: TempRepo;
  let env: NodeJS.ProcessEnv;
  const cleanup: Array<() => void> = [];

  beforeAll(async () => {
    model = await startFakeModel({ script: () => answer([]) });
    repo = makeRepo({ "a.js": "export const a = 1;\n" });
    repo.git("checkout", "-q", "-b", "feature");
    repo.write("a.js", "export const a = 2;\n");
    repo.commitAll("change a");
    env = cliEnv({ OPENAI_API_KEY: model.apiKey, OPENAI_BASE_URL: model.url });
  });
  afterAll(async () => {
    await model.close();
    repo.remove();
    for (const clean of cleanup) clean();
  });

  const expectNoModelCall = (before: number): void => expect(model.requests.length).toBe(before);

  it("outside a git repository", async () => {
    const dir = mkdtempSync(join(tmpdir(), "codex-cli-plain-"));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const run = await runCli(["review"], dir, env);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`codex-spark-bot: ${dir} is not inside a git repository (or its work tree)\n`);
    expect(run.stdout).toBe("");
  });

  it("an unknown ref", async () => {
    const before = model.requests.length;
    const run = await runCli(["review", "main...no-such-branch"], repo.dir, env);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('codex-spark-bot: unknown revision "no-such-branch"\n');
    expectNoModelCall(before);
  });

  it("an empty range", async () => {
    const run = await runCli(["review", "feature..feature"], repo.dir, env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^codex-spark-bot: nothing to review: no changes from feature \([0-9a-f]{7}\) to feature\n$/,
    );
  });

  it("a diff of binary files only", async () => {
    const bin = makeRepo({ "logo.png": Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]) });
    cleanup.push(() => bin.remove());
    bin.write("logo.png", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 9, 9, 9]));
    bin.commitAll("new logo");
    const run = await runCli(["review", "HEAD~1..HEAD"], bin.dir, env);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("codex-spark-bot: nothing to review: only binary files changed (logo.png)\n");
  });

  it("no OPENAI_API_KEY: names the variable and --plan, and calls nothing", async () => {
    const before = model.requests.length;
    const run = await runCli(["review", "main...feature"], repo.dir, cliEnv({ OPENAI_BASE_URL: model.url }));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("OPENAI_API_KEY is not set");
    expect(run.stderr).toContain("run with --plan");
    expectNoModelCall(before);
  });

  it("an invalid .github/codex.yml at the base: the check run's own problem lines", async () => {
    const bad = makeRepo({ ".github/codex.yml": BAD_CONFIG, "a.js": "1;\n" });
    cleanup.push(() => bad.remove());
    bad.git("checkout", "-q", "-b", "feature");
    bad.write("a.js", "2;\n");
    bad.commitAll("change");
    const before = model.requests.length;
    const run = await runCli(["review", "main...feature"], bad.dir, env);
    expect(run.code).toBe(2);
    const { problems } = parseRepoConfig(BAD_CONFIG);
    expect(problems).toHaveLength(2);
    expect(run.stderr).toBe(
      `codex-spark-bot: .github/codex.yml (at the base commit) has problems:\n${problems.map((p) => `  - ${p}\n`).join("")}`,
    );
    expect(run.stderr).toContain('did you mean "inlineUpToPriority"?');
    expectNoModelCall(before);
  });

  it("a malformed option", async () => {
    const run = await runCli(["review", "--fail-on", "P9"], repo.dir, env);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('codex-spark-bot: --fail-on takes P0, P1, P2 or P3, not "P9"\n');
  });

  it("a model that refuses the key exits 3, not 2", async () => {
    const run = await runCli(["review", "main...feature"], repo.dir, { ...env, OPENAI_API_KEY: "sk-wrong" });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^codex-spark-bot: model_auth: /);
    expect(run.stdout).toBe("");
  });
});
