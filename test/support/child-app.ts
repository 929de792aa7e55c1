/**
 * The real app in a child process, configured from its environment like `npm start`, without
 * Node's default metrics. Crash tests SIGKILL it; outage tests SIGTERM it.
 */
import { parseEnv } from "../../src/config/env.js";
import { startApp } from "../../src/main/all.js";
import { exitOnSignals } from "../../src/main/shutdown.js";
import { createLogger } from "../../src/observability/logger.js";

const env = parseEnv();
const log = createLogger(env.LOG_LEVEL);
const app = await startApp(env, { defaultMetrics: false, logger: log });
// The same signal handling as `npm start`.
exitOnSignals(app, log);
process.stdout.write(`ready ${app.web?.port ?? 0}\n`);
