import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import { handleHttp, unauthorized, type HttpHooks } from "./http-handler.js";
import { STATUS_TEXT } from "./protocol.js";
import {
  DEFAULT_BEHAVIOUR,
  defaultScenario,
  normalise,
  type FakeBehaviour,
  type ReceivedRequest,
  type Scenario,
  type Script,
  type UpgradeAttempt,
} from "./scenario.js";
import { FakeSession } from "./ws-session.js";

export type {
  EventVariant,
  FakeBehaviour,
  ReceivedRequest,
  Scenario,
  Script,
  UpgradeAttempt,
  UpgradeRefusal,
} from "./scenario.js";

export const FAKE_API_KEY = "sk-fake-model-key";
export const FAKE_MODELS = ["gpt-5.3-codex-spark", "gpt-5.1-codex-mini"];

export interface FakeModelOptions {
  /** The key the fake accepts. Default FAKE_API_KEY. */
  apiKey?: string;
  /** Model ids the fake serves; others get `model_not_found`. Default FAKE_MODELS. */
  models?: string[];
  behaviour?: Partial<FakeBehaviour>;
  /** Answers per request; undefined from the script means the default answer. */
  script?: Script;
  /** Serve https/wss with this key and certificate (PEM). */
  tls?: { key: string | Buffer; cert: string | Buffer };
}

export interface FakeModel {
  /** REST base URL ending in `/v1`: a client derives `ws(s)://…/v1/responses` from it. */
  readonly url: string;
  readonly wsUrl: string;
  readonly apiKey: string;
  /** Every `response.create` frame and `POST /v1/responses` body received, refused ones included. */
  readonly requests: ReceivedRequest[];
  /** Every WebSocket upgrade attempt and its answer. */
  readonly upgrades: UpgradeAttempt[];
  /** Sockets accepted so far. */
  readonly connections: number;
  readonly openConnections: number;
  /** TCP connections accepted (HTTP requests and WebSocket upgrades alike). */
  readonly tcpConnections: number;
  /** Most responses that ran at once on one socket. */
  readonly peakInFlight: number;
  script(script: Script): void;
  /** One-shot answers for the next accepted requests, in arrival order, before the script. */
  enqueue(...scenarios: (Scenario | string)[]): void;
  setBehaviour(patch: Partial<FakeBehaviour>): void;
  setModels(models: string[]): void;
  /** Ends every open socket: 1006 drops TCP, other codes send a close frame. */
  dropConnections(code?: number): void;
  close(): Promise<void>;
}

function plain(headers: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers))
    if (key !== "authorization" && typeof value === "string") out[key] = value;
  return out;
}

function refuseUpgrade(
  socket: Duplex,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  const lines = [
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? "Error"}`,
    "Content-Type: application/json",
    `Content-Length: ${Buffer.byteLength(text)}`,
    "Connection: close",
  ];
  for (const [key, value] of Object.entries(headers)) lines.push(`${key}: ${value}`);
  socket.end(`${lines.join("\r\n")}\r\n\r\n${text}`);
}

/** A local Responses API: WebSocket mode on `/v1/responses`, plus SSE over `POST /v1/responses`. */
export async function startFakeModel(options: FakeModelOptions = {}): Promise<FakeModel> {
  const apiKey = options.apiKey ?? FAKE_API_KEY;
  let models = options.models ?? FAKE_MODELS;
  let behaviour: FakeBehaviour = { ...DEFAULT_BEHAVIOUR, ...options.behaviour };
  let script: Script | undefined = options.script;
  const queue: Scenario[] = [];
  const requests: ReceivedRequest[] = [];
  const upgrades: UpgradeAttempt[] = [];
  const sessions = new Set<FakeSession>();
  const cache = new Set<string>();
  let accepted = 0;
  let tcp = 0;
  let peak = 0;

  const authorize = (header: string | undefined): "ok" | "missing" | "wrong" =>
    header === undefined ? "missing" : header === `Bearer ${apiKey}` ? "ok" : "wrong";
  const hooks: HttpHooks = {
    behaviour: () => behaviour,
    models: () => models,
    cache,
    authorize,
    receive: (partial) => {
      const request: ReceivedRequest = { ...partial, seq: requests.length + 1 };
      requests.push(request);
      return request;
    },
    scenarioFor: (request) => queue.shift() ?? normalise(script?.(request) ?? defaultScenario(request)),
  };

  const server = options.tls
    ? https.createServer({ key: options.tls.key, cert: options.tls.cert })
    : http.createServer();
  server.on("connection", () => void (tcp += 1));
  server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
    handleHttp(req, res, hooks).catch(() => res.destroy());
  });
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, autoPong: false });
  server.on("upgrade", (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on("error", () => {});
    const path = new URL(req.url ?? "/", "http://fake").pathname;
    const auth = authorize(req.headers.authorization);
    const record = (status: number): void =>
      void upgrades.push({ auth, status, headers: plain(req.headers) });
    if (path !== "/v1/responses") {
      record(404);
      return refuseUpgrade(socket, 404, {
        error: { message: `No route ${path}`, type: "invalid_request_error", code: null, param: null },
      });
    }
    if (auth !== "ok") {
      record(401);
      const e = unauthorized(auth);
      return refuseUpgrade(socket, 401, {
        error: { message: e.message, type: e.type, code: e.code, param: null },
      });
    }
    const refusal = behaviour.refuseUpgrade;
    if (refusal) {
      record(refusal.status);
      const code =
        refusal.status === 429 ? "rate_limit_exceeded" : refusal.status === 426 ? "upgrade_required" : null;
      const headers: Record<string, string> =
        refusal.retryAfter === undefined ? {} : { "Retry-After": refusal.retryAfter };
      return refuseUpgrade(
        socket,
        refusal.status,
        {
          error: { message: `refused (${refusal.status})`, type: "invalid_request_error", code, param: null },
        },
        headers,
      );
    }
    record(101);
    wss.handleUpgrade(req, socket, head, (ws) => {
      accepted += 1;
      const session = new FakeSession(accepted, ws, plain(req.headers), {
        ...hooks,
        onInFlight: (_n, running) => (peak = Math.max(peak, running)),
      });
      sessions.add(session);
      ws.once("close", () => sessions.delete(session));
    });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const scheme = options.tls ? "https" : "http";
  const url = `${scheme}://127.0.0.1:${port}/v1`;

  return {
    url,
    wsUrl: `${options.tls ? "wss" : "ws"}://127.0.0.1:${port}/v1/responses`,
    apiKey,
    requests,
    upgrades,
    get connections() {
      return accepted;
    },
    get openConnections() {
      return sessions.size;
    },
    get tcpConnections() {
      return tcp;
    },
    get peakInFlight() {
      return peak;
    },
    script: (next) => void (script = next),
    enqueue: (...scenarios) => void queue.push(...scenarios.map(normalise)),
    setBehaviour: (patch) => void (behaviour = { ...behaviour, ...patch }),
    setModels: (next) => void (models = next),
    dropConnections: (code = 1006) => {
      for (const session of sessions) session.close(code);
    },
    close: async () => {
      for (const session of sessions) session.close(1006);
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
