import type { Log } from "../observability/log.js";
import { STOP_DEADLINE_MS, type AppHandle } from "./all.js";

/**
 * SIGTERM / SIGINT stop the app within {@link STOP_DEADLINE_MS} (a timer exits regardless shortly
 * after, should a close hang anyway); a second signal exits at once.
 */
export function exitOnSignals(app: Pick<AppHandle, "stop">, log: Log): void {
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) {
      log.warn({ signal }, "second signal: exiting at once");
      process.exit(130);
    }
    stopping = true;
    log.info({ signal }, "stopping");
    // Before the orchestrator's SIGKILL (10 s by default in Kubernetes and Docker).
    setTimeout(() => process.exit(1), STOP_DEADLINE_MS + 1_500).unref();
    app.stop(STOP_DEADLINE_MS).then(
      () => {
        log.info({ signal }, "stopped");
        process.exit(0);
      },
      (error: unknown) => {
        log.error({ err: error instanceof Error ? error.message : String(error) }, "error while stopping");
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}
