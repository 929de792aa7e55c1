import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startFakeModel, type FakeModel } from "../../fakes/model/index.js";
import { answer, cliEnv, finding, makeRepo, runCli, type TempRepo } from "../../support/cli.js";

const BASE = "export function total(items) {\n  return 0;\n}\n";
// Tabs, a trailing space and a last line without a newline: bytes that must survive untouched.
const HEAD =
  "export function total(items) {\n" +
  "  let sum = 0;\n" +
  "  for (const i of items) sum += i.price;\n" +
  "  return sum\n" +
  "}\n" +
  "\t// trailing space here \n" +
  "export const VERSION = 1;";

const FINDINGS = [
  finding({
    path: "src/total.js",
    start_line: 3,
    original_code: "  for (const i of items) sum += i.price;",
    suggestion: "  for (const i of items) {\n    sum += i.price * i.quantity;\n  }",
    priority: 1,
    title: "Multiply by quantity",
  }),
  finding({
    path: "src/total.js",
    start_line: 4,
    original_code: "  return sum",
    suggestion: "  return sum;",
    priority: 3,
    title: "Missing semicolon",
  }),
  // A suggestion that does not match the file is never verified, so never written.
  finding({
    path: "src/total.js",
    start_line: 2,
    original_code: "  let total = 0;",
    suggestion: "  let total = 1;",
    priority: 2,
    title: "Unverifiable",
  }),
];

const APPLIED =
  "export function total(items) {\n" +
  "  let sum = 0;\n" +
  "  for (const i of items) {\n" +
  "    sum += i.price * i.quantity;\n" +
  "  }\n" +
  "  return sum;\n" +
  "}\n" +
  "\t// trailing space here \n" +
  "export const VERSION = 1;";

describe("codex-spark-bot review --apply", () => {
  let model: FakeModel;
  let repo: TempRepo;
  let env: NodeJS.ProcessEnv;
  const file = (): Buffer => readFileSync(join(repo.dir, "src/total.js"));

  beforeAll(async () => {
    model = await startFakeModel({ script: () => answer(FINDINGS) });
    env = cliEnv({ OPENAI_API_KEY: model.apiKey, OPENAI_BASE_URL: model.url });
  });
  afterAll(async () => {
    await model.close();
  });
  afterEach(() => repo.remove());

  const setUp = (): void => {
    repo = makeRepo({ "src/total.js": BASE, "README.md": "readme\n" });
    repo.git("checkout", "-q", "-b", "feature");
    repo.write("src/total.js", HEAD);
    repo.commitAll("totals");
  };

  it("--yes writes only the verified suggestions' lines; every other byte stays", async () => {
    setUp();
    const run = await runCli(["review", "main...feature", "--apply", "--yes"], repo.dir, env);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("Applied 2 suggestions to src/total.js.\n");
    expect(file().equals(Buffer.from(APPLIED, "utf8"))).toBe(true);
    expect(repo.git("status", "--porcelain")).toBe("M src/total.js");
  });

  it("reviewing the working tree applies on top of the uncommitted edit it saw", async () => {
    setUp();
    const edited = HEAD.replace("export const VERSION = 1;", "export const VERSION = 2;");
    repo.write("src/total.js", edited);
    const run = await runCli(["review", "--apply", "--yes"], repo.dir, env);
    expect(run.code).toBe(0);
    expect(file().toString("utf8")).toBe(APPLIED.replace("VERSION = 1", "VERSION = 2"));
  });

  it("refuses when the file has uncommitted changes the suggestion did not see, and writes nothing", async () => {
    setUp();
    const edited = `${HEAD}\n// local edit\n`;
    repo.write("src/total.js", edited);
    const run = await runCli(["review", "main...feature", "--apply", "--yes"], repo.dir, env);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "codex-spark-bot: --apply refused: src/total.js has changes in the working tree that the suggestion did not see; commit or stash them, or review the working tree\n",
    );
    expect(file().toString("utf8")).toBe(edited);
  });

  it("asks before writing: without a terminal and without --yes it refuses", async () => {
    setUp();
    const run = await runCli(["review", "main...feature", "--apply"], repo.dir, env);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "codex-spark-bot: --apply asks before writing: run it in a terminal, or add --yes\n",
    );
    expect(file().toString("utf8")).toBe(HEAD);
  });
});
