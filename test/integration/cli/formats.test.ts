import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeModel, type FakeModel } from "../../fakes/model/index.js";
import { answer, cliEnv, finding, makeRepo, promptOf, runCli, type TempRepo } from "../../support/cli.js";
import { sarifValidator } from "../../support/sarif-schema.js";

const BASE = [
  "export function mean(values) {",
  "  let sum = 0;",
  "  for (const v of values) sum += v;",
  "  return sum / values.length;",
  "}",
  "",
].join("\n");

const HEAD = `${BASE}
export function max(values) {
  let best = 0;
  for (const v of values) if (v > best) best = v;
  return best;
}
`;

const FINDINGS = [
  finding({
    path: "src/math.js",
    start_line: 8,
    original_code: "  let best = 0;",
    suggestion: "  let best = -Infinity;",
    priority: 1,
    title: "Start from -Infinity",
    body: "All-negative input returns 0.",
  }),
  finding({
    path: "src/math.js",
    start_line: 9,
    original_code: "  for (const v of values) if (v > best) best = v;",
    priority: 3,
    title: "Use Math.max",
  }),
  finding({
    path: "src/other.js",
    start_line: 1,
    original_code: "nothing here",
    priority: 2,
    title: "Not in this change",
  }),
];

describe("codex-spark-bot review: output formats", () => {
  let model: FakeModel;
  let repo: TempRepo;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    model = await startFakeModel({ script: () => answer(FINDINGS) });
    repo = makeRepo({ "src/math.js": BASE, "package-lock.json": "{}\n" });
    repo.git("checkout", "-q", "-b", "feature");
    repo.write("src/math.js", HEAD);
    repo.write("package-lock.json", '{ "lockfileVersion": 3 }\n');
    repo.commitAll("add max");
    env = cliEnv({ OPENAI_API_KEY: model.apiKey, OPENAI_BASE_URL: model.url });
  });
  afterAll(async () => {
    await model.close();
    repo.remove();
  });

  it("prints findings by file for people, without colour or progress when stdout is not a terminal", async () => {
    const run = await runCli(["review", "main...feature"], repo.dir, env);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const out = run.stdout;
    expect(out).not.toContain("\u001b[");
    expect(out).toContain(
      "src/math.js\n  src/math.js:8  [P1] Start from -Infinity\n      All-negative input returns 0.\n",
    );
    expect(out).toContain(
      [
        "      suggested change (verified; --apply writes it)",
        "      --- a/src/math.js",
        "      +++ b/src/math.js",
        "      @@ -8,1 +8,1 @@",
        "      -  let best = 0;",
        "      +  let best = -Infinity;",
      ].join("\n"),
    );
    expect(out).toContain("src/math.js:9  [P3] Use Math.max");
    expect(out).toMatch(
      /src\/other\.js:1 {2}\[P2\] Not in this change\n {6}\(not placed on the diff: the file is not part of/,
    );
    expect(out).toMatch(/Not reviewed:\n {2}package-lock\.json — /);
    const summary = out.trimEnd().split("\n").at(-1) ?? "";
    expect(summary).toMatch(
      /^3 findings \(1 P1, 1 P2, 1 P3\) · 1 file reviewed, 1 not · gpt-5\.3-codex-spark · [\d,]+ input \([\d,]+ cached\) \+ [\d,]+ output tokens · \d+\.\d s$/,
    );
    // One lane: the lock file never reached the model, the diff of src/math.js did.
    const prompts = model.requests.slice(-1).map((r) => promptOf(r.body));
    expect(prompts[0]).toContain("export function max(values)");
    expect(prompts[0]).not.toContain("lockfileVersion");
  });

  it("--format json gives the documented, versioned shape with verified ranges and suggestions", async () => {
    const run = await runCli(["review", "main...feature", "--format", "json"], repo.dir, env);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(doc).toMatchObject({
      format: "codex-spark-bot.review",
      version: 1,
      range: { headKind: "commit", headName: "feature" },
      model: "gpt-5.3-codex-spark",
      filesReviewed: ["src/math.js"],
    });
    expect(doc.notReviewed).toEqual([expect.objectContaining({ path: "package-lock.json" })]);
    expect(doc.findings).toEqual([
      expect.objectContaining({
        path: "src/math.js",
        startLine: 8,
        endLine: 8,
        priority: 1,
        placed: true,
        anchor: "exact",
        original: ["  let best = 0;"],
        suggestion: { lines: ["  let best = -Infinity;"], verified: true, reason: null },
      }),
      expect.objectContaining({ path: "src/math.js", startLine: 9, placed: true, suggestion: null }),
      expect.objectContaining({ path: "src/other.js", placed: false, suggestion: null }),
    ]);
  });

  it("--format markdown is the review body and inline comments as the app posts them", async () => {
    const run = await runCli(["review", "main...feature", "--format", "markdown"], repo.dir, env);
    expect(run.code).toBe(0);
    const out = run.stdout;
    expect(out).toContain("**`src/math.js` line 8**");
    expect(out).toContain("```suggestion\n  let best = -Infinity;\n```");
    expect(out).toContain("#### Findings not posted inline");
    expect(out).toContain("Not in this change");
    expect(out).toContain("package-lock.json");
    expect(out).not.toContain("<!--");
  });

  it("--format sarif is valid SARIF 2.1.0 with a rule per priority, levels and fixes", async () => {
    const run = await runCli(["review", "main...feature", "--format", "sarif"], repo.dir, env);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout) as { runs: Array<{ results: Array<Record<string, unknown>> }> };
    expect(sarifValidator()(doc)).toEqual([]);
    const results = doc.runs[0]?.results ?? [];
    expect(results.map((r) => [r.ruleId, r.level])).toEqual([
      ["codex-review/p1", "error"],
      ["codex-review/p3", "note"],
      ["codex-review/p2", "warning"],
    ]);
    expect(results[0]?.fixes).toEqual([
      expect.objectContaining({
        artifactChanges: [
          {
            artifactLocation: { uri: "src/math.js" },
            replacements: [
              {
                deletedRegion: { startLine: 8, endLine: 8 },
                insertedContent: { text: "  let best = -Infinity;" },
              },
            ],
          },
        ],
      }),
    ]);
    expect(results[1]?.fixes).toBeUndefined();
  });

  it("the schema check can fail: a result with an unknown level is rejected", () => {
    const bad = {
      version: "2.1.0",
      runs: [{ tool: { driver: { name: "x" } }, results: [{ message: { text: "a" }, level: "fatal" }] }],
    };
    expect(sarifValidator()(bad)).not.toEqual([]);
  });

  it("--fail-on sets exit code 1 at or above the threshold, 0 below it", async () => {
    const atP1 = await runCli(
      ["review", "main...feature", "--format", "json", "--fail-on", "P1"],
      repo.dir,
      env,
    );
    const atP0 = await runCli(
      ["review", "main...feature", "--format", "json", "--fail-on", "P0"],
      repo.dir,
      env,
    );
    expect([atP1.code, atP0.code]).toEqual([1, 0]);
  });
});
