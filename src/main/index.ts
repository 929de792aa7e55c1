import { run } from "probot";
import { needsAppSetup, parseEnv } from "../config/env.js";
import { BotError } from "../errors.js";
import { createLogger } from "../observability/logger.js";
import { startApp } from "./all.js";
import { exitOnSignals } from "./shutdown.js";

/** Prints a configuration problem as one readable paragraph and exits, instead of a stack trace. */
function fail(error: unknown): never {
  const message =
    error instanceof BotError
      ? error.message
      : error instanceof Error
        ? (error.stack ?? error.message)
        : String(error);
  console.error(`codex-spark-bot cannot start:\n${message}`);
  process.exit(1);
}

async function main(): Promise<void> {
  const env = parseEnv();
  if (needsAppSetup(env) && env.ROLE !== "worker") {
    // No GitHub App yet: Probot serves its registration page (manifest flow from app.yml) and
    // writes APP_ID, PRIVATE_KEY and WEBHOOK_SECRET to .env; restart afterwards.
    await run(() => {});
    return;
  }
  const log = createLogger(env.LOG_LEVEL);
  const app = await startApp(env, { logger: log });
  log.info({ role: env.ROLE, port: app.web?.port }, "codex-spark-bot started");
  exitOnSignals(app, log);
}

main().catch(fail);
