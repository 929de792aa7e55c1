/**
 * The real app in a child process, configured from its environment like `npm start`, without
 * Node's default metrics. Crash tests SIGKILL it.
 */
import { parseEnv } from "../../src/config/env.js";
import { startApp } from "../../src/main/all.js";

const app = await startApp(parseEnv(), { defaultMetrics: false });
process.on("SIGTERM", () => {
  void app.stop().then(() => process.exit(0));
});
process.stdout.write(`ready ${app.web?.port ?? 0}\n`);
