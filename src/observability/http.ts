import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Registry } from "prom-client";

export interface HealthChecks {
  /** Resolves when the process can do its work (Redis answers); rejects otherwise. */
  ready(): Promise<void>;
  registry: Registry;
}

/**
 * `/healthz` (the process is up), `/readyz` (its Redis answers) and `/metrics` (Prometheus). Returns
 * false for other paths, in the shape Probot's `server.addHandler` expects.
 */
export function healthHandler(checks: HealthChecks) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const path = (req.url ?? "").split("?")[0];
    if (req.method !== "GET") return false;
    if (path === "/healthz") {
      res.writeHead(200, { "content-type": "text/plain" }).end("ok\n");
      return true;
    }
    if (path === "/readyz") {
      try {
        await checks.ready();
        res.writeHead(200, { "content-type": "text/plain" }).end("ready\n");
      } catch {
        res.writeHead(503, { "content-type": "text/plain" }).end("not ready\n");
      }
      return true;
    }
    if (path === "/metrics") {
      const body = await checks.registry.metrics();
      res.writeHead(200, { "content-type": checks.registry.contentType }).end(body);
      return true;
    }
    return false;
  };
}

/** The same endpoints on their own server, for worker-only processes that serve no webhooks. */
export async function startHealthServer(checks: HealthChecks, host: string, port: number): Promise<Server> {
  const handle = healthHandler(checks);
  const server = createServer((req, res) => {
    handle(req, res).then(
      (handled) => {
        if (!handled) res.writeHead(404).end();
      },
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  return server;
}
