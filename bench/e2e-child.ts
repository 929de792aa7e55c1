/**
 * The app under test in `npm run bench -- e2e`, in a process of its own as in production, so its
 * event loop is not shared with the fakes. Started by `bench/e2e-app.ts` with the environment to
 * use (`GITHUB_THROTTLE=probot` for the throttled runs). Says `ready` with its port, and stops on
 * `stop`.
 */
import { parseEnv } from "../src/config/env.js";
import { startApp } from "../src/main/all.js";

const app = await startApp(parseEnv(process.env), { defaultMetrics: false });
process.on("message", (message) => {
  if (message !== "stop") return;
  void app.stop().finally(() => process.exit(0));
});
process.send?.({ ready: true, port: app.web?.port ?? 0 });
