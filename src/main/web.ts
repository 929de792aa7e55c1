import { Probot, Server } from "probot";
import type { ResolvedEnv } from "../config/env.js";
import { requireForRole } from "../config/env.js";
import { healthHandler, type HealthChecks } from "../observability/http.js";
import type { RedisClient } from "../state/connection.js";
import type { BotMetrics } from "../observability/metrics.js";
import { RedisLedgerStore } from "../state/ledger-store.js";
import { PrState } from "../state/pr-state.js";
import { RedisOpenCheckRuns } from "../state/open-check-runs.js";
import type { Queues } from "../queue/queues.js";
import { RepoConfigCache } from "../webhooks/config-cache.js";
import { createWebhookApp } from "../webhooks/app.js";
import { RedisDeliveryClaims } from "../state/delivery-claims.js";
import { RedisReplyLimits } from "../state/reply-limits.js";
import { probotOptions, type ProbotWiring } from "./probot.js";

export interface WebHandle {
  server: Server;
  /** The port actually bound (useful with PORT=0). */
  port: number;
  stop(): Promise<void>;
}

/** The webhook server: verifies signatures, filters, enqueues, acknowledges. */
export async function startWeb(
  env: ResolvedEnv,
  connection: RedisClient,
  queues: Queues,
  health: HealthChecks,
  wiring: ProbotWiring,
  metrics?: BotMetrics,
): Promise<WebHandle> {
  requireForRole(env, "web");
  const server = new Server({
    host: env.HOST,
    port: env.PORT,
    webhookPath: env.WEBHOOK_PATH,
    log: wiring.logger,
    Probot: Probot.defaults(probotOptions(env, wiring)),
  });
  server.addHandler(healthHandler(health));
  await server.load(
    createWebhookApp({
      queues,
      prState: new PrState(connection, env.statePrefix),
      openChecks: new RedisOpenCheckRuns(connection, env.statePrefix),
      configs: new RepoConfigCache({
        onFallback: (repo, error) =>
          wiring.logger.warn(
            { repo, err: String(error) },
            "repository settings unavailable; using the last known or defaults",
          ),
      }),
      trigger: env.CODEX_TRIGGER,
      allowedBots: env.CODEX_ALLOWED_BOTS,
      ledgers: new RedisLedgerStore(connection, { prefix: env.statePrefix, events: metrics?.ledger }),
      ledgerTtlSeconds: env.LEDGER_TTL_DAYS * 24 * 3600,
      deliveries: new RedisDeliveryClaims(connection, env.statePrefix),
      replies: new RedisReplyLimits(connection, env.statePrefix, env.CODEX_STRANGER_REPLIES_PER_HOUR),
    }),
  );
  const http = await server.start();
  const address = http.address();
  const port = typeof address === "object" && address ? address.port : env.PORT;
  return { server, port, stop: () => server.stop() };
}
