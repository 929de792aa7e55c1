import type { KeyObject } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { authorize, tokenFor } from "./access.js";
import type { OperationContract } from "./contracts.js";
import {
  asViolation,
  defaultFaultBody,
  GitHubHttpError,
  invalidRequest,
  notFound,
  problemsParsingJson,
} from "./errors.js";
import type { AppInfo, Handler, HandlerResult, RequestContext } from "./handler.js";
import type { Urls } from "./render-common.js";
import type { Router } from "./router.js";
import type { FakeState } from "./state.js";
import type { FaultSpec, RecordedRequest, Violation } from "./types.js";
import type { RequestValidator } from "./validate.js";

/** A request the fake could not place (unknown route or unsupported GraphQL document). */
export interface UnexpectedRequest {
  method: string;
  path: string;
  reason: string;
  body: unknown;
}

/** What the HTTP layer needs from the fake. */
export interface Core {
  state: FakeState;
  app: AppInfo;
  publicKey: KeyObject;
  contracts: Record<string, OperationContract>;
  router: Router;
  validator: RequestValidator;
  handlers: Record<string, Handler>;
  graphql: (ctx: RequestContext) => HandlerResult;
  latencyMs: number;
  urls: Urls;
  takeFault(operationId: string): FaultSpec | undefined;
  record(request: RecordedRequest): void;
  violation(violation: Violation): void;
  unexpected(request: UnexpectedRequest): void;
}

const GRAPHQL_PATHS = new Set(["/graphql", "/api/graphql"]);

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function lowerHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

function redacted(headers: Record<string, string>): Record<string, string> {
  const auth = headers["authorization"];
  if (auth === undefined) return { ...headers };
  return { ...headers, authorization: `${auth.split(/\s+/)[0] ?? ""} [redacted]` };
}

let requestCounter = 0;

function send(res: ServerResponse, result: HandlerResult): void {
  const headers: Record<string, string> = {
    "x-github-request-id": `FAKE:${(++requestCounter).toString(16).toUpperCase()}`,
    "x-github-api-version-selected": "2022-11-28",
    "x-ratelimit-limit": "5000",
    "x-ratelimit-remaining": "4999",
    "x-ratelimit-used": "1",
    "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 3600),
    "x-ratelimit-resource": "core",
    ...result.headers,
  };
  if (result.status === 204 || result.status === 304) {
    res.writeHead(result.status, headers).end();
  } else if (result.text !== undefined) {
    res
      .writeHead(result.status, { "content-type": "text/plain; charset=utf-8", ...headers })
      .end(result.text);
  } else {
    const body = JSON.stringify(result.body ?? {});
    res.writeHead(result.status, { "content-type": "application/json; charset=utf-8", ...headers }).end(body);
  }
}

function fromError(error: unknown): HandlerResult {
  if (error instanceof GitHubHttpError)
    return { status: error.status, body: error.body, headers: error.headers };
  return { status: 500, body: { message: `fake GitHub crashed: ${String(error)}`, status: "500" } };
}

function faultResult(fault: FaultSpec): HandlerResult {
  return {
    status: fault.status,
    body: fault.body ?? defaultFaultBody(fault.status),
    headers: fault.headers ?? {},
  };
}

/** Serves one HTTP request: route, authenticate, validate, inject faults, handle, record. */
export async function serve(core: Core, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const at = Date.now();
  const raw = await readBody(req);
  const headers = lowerHeaders(req);
  const method = (req.method ?? "GET").toUpperCase();
  const requestUrl = new URL(req.url ?? "/", `http://${headers["host"] ?? "127.0.0.1"}`);
  const rawPath = requestUrl.pathname;
  const path = rawPath === "/api/v3" ? "/" : rawPath.startsWith("/api/v3/") ? rawPath.slice(7) : rawPath;
  const query = Object.fromEntries(requestUrl.searchParams);
  let body: unknown;
  let operationId: string | null = null;
  let installationId: number | null = null;
  let result: HandlerResult;
  try {
    try {
      body = raw === "" ? undefined : JSON.parse(raw);
    } catch {
      throw asViolation(problemsParsingJson(), ["request body is not JSON"]);
    }
    if (core.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, core.latencyMs));
    const isGraphql = method === "POST" && GRAPHQL_PATHS.has(path);
    const match = isGraphql ? null : core.router.match(method, path.replace(/\/+$/, "") || "/");
    if (!isGraphql && !match) {
      core.unexpected({ method, path, reason: "no such route in the contract subset", body });
      throw notFound();
    }
    operationId = isGraphql ? "graphql" : (match?.operationId ?? null);
    const params = match?.params ?? {};
    const id = operationId as string;
    const contract = core.contracts[id];
    if (isGraphql) installationId = tokenFor(core.state, headers["authorization"]).record.installationId;
    if (contract) {
      installationId = authorize({
        state: core.state,
        operationId: id,
        contract,
        params,
        authorization: headers["authorization"],
        appId: core.app.id,
        publicKey: core.publicKey,
      });
      const problems = core.validator.validate(id, { params, query, body });
      if (problems.length > 0) throw asViolation(invalidRequest(problems), problems);
    }
    const fault = core.takeFault(id);
    const ctx: RequestContext = {
      state: core.state,
      app: core.app,
      operationId: id,
      params,
      query: contract ? core.validator.typedQuery(id, query) : query,
      body: (body && typeof body === "object" ? body : {}) as Record<string, unknown>,
      headers,
      requestUrl,
      urls: core.urls,
      installationId,
      reportUnexpected: (reason) => core.unexpected({ method, path, reason, body }),
    };
    if (fault && !fault.afterStoring) result = faultResult(fault);
    else if (isGraphql) result = core.graphql(ctx);
    else {
      const handler = core.handlers[id];
      if (!handler) {
        core.unexpected({ method, path, reason: `no handler for ${id}`, body });
        throw notFound();
      }
      result = handler(ctx);
    }
    // The work is done and stored; only the answer is lost.
    if (fault?.afterStoring && result.status < 300) result = faultResult(fault);
  } catch (error) {
    result = fromError(error);
    if (error instanceof GitHubHttpError && error.violation) {
      core.violation({
        operationId: operationId ?? "unknown",
        method,
        path,
        problems: error.violation,
        body,
      });
    }
  }
  core.record({
    operationId,
    method,
    path,
    query,
    headers: redacted(headers),
    body,
    status: result.status,
    installationId,
    at,
  });
  send(res, result);
}
