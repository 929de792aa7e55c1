import { readFileSync } from "node:fs";
import { parseEnv, type ResolvedEnv } from "../config/env.js";
import { reviewSettingsFromEnv } from "../config/review-settings.js";
import { BotError, ConfigError } from "../errors.js";
import { GitError } from "../git/errors.js";
import { createModelClient } from "../model/index.js";
import { parseCliArgs, USAGE, type ReviewArgs } from "./args.js";
import { applySuggestions } from "./apply.js";
import { CliError, EXIT, type ExitCode } from "./errors.js";
import { colourWanted, makeStyle, type Style } from "./output/colour.js";
import { reportEntries } from "./output/entries.js";
import { renderHuman } from "./output/human.js";
import { renderJson } from "./output/json.js";
import { renderMarkdown } from "./output/markdown.js";
import { renderPlanHuman, renderPlanJson } from "./output/plan.js";
import { progressLine } from "./output/progress.js";
import { renderSarif } from "./output/sarif.js";
import { runLocalReview, type LocalReview } from "./run-local.js";
import { setUpLocalReview, type LocalSetup } from "./setup.js";

/** Where the CLI reads and writes: the process's own streams, or a test's. */
export interface CliIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** Aborted on Ctrl-C: the lanes stop and nothing is written. */
  signal: AbortSignal;
}

function packageVersion(): string {
  // src/cli/ and dist/cli/ both sit two levels below package.json.
  const text = readFileSync(new URL("../../package.json", import.meta.url), "utf8");
  return (JSON.parse(text) as { version: string }).version;
}

function requireApiKey(env: ResolvedEnv, args: ReviewArgs): string | null {
  if (args.plan) return null;
  if (!env.OPENAI_API_KEY) {
    throw new CliError(
      "missing_api_key",
      "OPENAI_API_KEY is not set: the review asks OpenAI's model and needs an API key.\n" +
        "Set OPENAI_API_KEY, or run with --plan to see the lanes and exact prompts without one.",
    );
  }
  return env.OPENAI_API_KEY;
}

function renderOutput(review: LocalReview, args: ReviewArgs, style: Style): string {
  switch (args.format) {
    case "json":
      return renderJson(review);
    case "markdown":
      return renderMarkdown(review);
    case "sarif":
      return renderSarif(review, packageVersion());
    case "human":
      return renderHuman(review, style);
  }
}

async function reviewWithModel(
  setup: LocalSetup,
  env: ResolvedEnv,
  apiKey: string,
  io: CliIo,
): Promise<LocalReview> {
  const model = createModelClient({
    apiKey,
    baseUrl: env.OPENAI_BASE_URL,
    model: setup.prepared.settings.model,
    fallbackModel: env.CODEX_FALLBACK_MODEL,
    organization: env.OPENAI_ORGANIZATION,
    project: env.OPENAI_PROJECT,
    transport: env.CODEX_TRANSPORT,
    requestTimeoutMs: env.CODEX_REQUEST_TIMEOUT_MS,
  });
  const progress = progressLine(io.stdout, io.stderr);
  try {
    return await runLocalReview(setup, model, { signal: io.signal, onProgress: (p) => progress.update(p) });
  } finally {
    progress.clear();
    await model.close();
  }
}

function failed(review: LocalReview, failOn: number | null): boolean {
  if (failOn === null) return false;
  return reportEntries(review).some((e) => e.finding.priority !== null && e.finding.priority <= failOn);
}

async function runReviewCommand(args: ReviewArgs, io: CliIo): Promise<ExitCode> {
  const env = parseEnv(io.env);
  const apiKey = requireApiKey(env, args);
  const style = makeStyle(colourWanted(io.stdout, io.env, args.color));
  const setup = await setUpLocalReview(io.cwd, args.range, reviewSettingsFromEnv(env));
  if (args.plan) {
    io.stdout.write(args.format === "json" ? renderPlanJson(setup) : renderPlanHuman(setup, style));
    return EXIT.clean;
  }
  const review = await reviewWithModel(setup, env, apiKey as string, io);
  io.stdout.write(renderOutput(review, args, style));
  if (args.apply) {
    const applied = await applySuggestions(review, { stdin: io.stdin, stderr: io.stderr, yes: args.yes });
    const what =
      applied.edits.length === 0
        ? "No suggestion applied."
        : `Applied ${applied.edits.length} suggestion${applied.edits.length === 1 ? "" : "s"} to ${applied.files.join(", ")}.`;
    io.stderr.write(`${what}\n`);
  }
  return failed(review, args.failOn) ? EXIT.findings : EXIT.clean;
}

/** The exit code for an error, and what to tell the person: never a stack trace for bad input. */
function explain(error: unknown): { code: ExitCode; message: string } {
  if (error instanceof CliError) return { code: error.exitCode, message: error.message };
  if (error instanceof GitError) {
    return { code: error.code === "git_failed" ? EXIT.failure : EXIT.usage, message: error.message };
  }
  if (error instanceof ConfigError) return { code: EXIT.usage, message: error.message };
  if (error instanceof BotError) return { code: EXIT.failure, message: `${error.code}: ${error.message}` };
  return { code: EXIT.failure, message: error instanceof Error ? error.message : String(error) };
}

/** `codex-spark-bot …`: runs one command and returns its exit code (docs/cli.md lists them). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  try {
    const args = parseCliArgs(argv);
    if (args.command === "help") {
      io.stdout.write(`${USAGE}\n`);
      return EXIT.clean;
    }
    if (args.command === "version") {
      io.stdout.write(`${packageVersion()}\n`);
      return EXIT.clean;
    }
    return await runReviewCommand(args, io);
  } catch (error) {
    const { code, message } = explain(error);
    io.stderr.write(`codex-spark-bot: ${message}\n`);
    return code;
  }
}
