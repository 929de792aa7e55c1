/**
 * The app under test in `npm run bench -- e2e`, in a process of its own as in production, so its
 * event loop is not shared with the fakes — and, as `npm start` runs it, the compiled JavaScript in
 * `dist/` under plain Node (the bench builds it first). Started by `bench/e2e-app.ts` with the
 * environment to use. Says `ready` with its port, and stops on `stop`.
 */
/* global process */
const { parseEnv } = await import("../dist/config/env.js");
const { startApp } = await import("../dist/main/all.js");

const app = await startApp(parseEnv(process.env), { defaultMetrics: false });
process.on("message", (message) => {
  // For `bench -- load`: this process's CPU time (µs) and resident memory (bytes) so far.
  if (message === "stats") {
    process.send?.({ stats: { cpu: process.cpuUsage(), rss: process.memoryUsage().rss } });
    return;
  }
  if (message !== "stop") return;
  void app.stop().finally(() => process.exit(0));
});
process.send?.({ ready: true, port: app.web?.port ?? 0 });
