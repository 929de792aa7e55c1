import http from "node:http";
import https from "node:https";
import tls from "node:tls";
import { ModelError } from "../errors.js";
import type { Log } from "../observability/log.js";
import { ResponseAssembler, type AssembledResponse } from "./assemble.js";
import { classifyApiFailure, retryAfterMs } from "./errors.js";
import { parseServerFrame } from "./events.js";
import type { InFlightGauge } from "./gauge.js";
import { httpBody, type ResponseBody } from "./request.js";
import { SseParser } from "./sse.js";
import { ZERO_USAGE } from "../review/usage.js";
import type { ExchangeContext, Transport } from "./transport.js";

export interface HttpTransportOptions {
  baseUrl: string;
  headers: Record<string, string>;
  ca?: string | Buffer | undefined;
  /** Reuse connections; false opens a fresh one per request. */
  keepAlive: boolean;
  maxSockets: number;
  log: Log;
  gauge: InFlightGauge;
}

type Finish = (outcome: { ok: true; response: AssembledResponse } | { ok: false; error: ModelError }) => void;

function connectionError(message: string): ModelError {
  return new ModelError("model_connection", message, { retryable: true });
}

/** The fallback wire: `POST /responses` with `stream: true`, read as Server-Sent Events. */
export class HttpTransport implements Transport {
  readonly kind = "http" as const;
  private readonly client: typeof http | typeof https;
  private readonly agent: http.Agent | false;
  private readonly tlsOptions: { secureContext?: tls.SecureContext };

  constructor(private readonly options: HttpTransportOptions) {
    const secure = options.baseUrl.startsWith("https:");
    this.client = secure ? https : http;
    // The CA is parsed once, not per connection (which is what `ca` on every request would cost).
    this.tlsOptions =
      secure && options.ca ? { secureContext: tls.createSecureContext({ ca: options.ca }) } : {};
    const agentOptions = { keepAlive: true, maxSockets: options.maxSockets, ...this.tlsOptions };
    this.agent = !options.keepAlive
      ? false
      : secure
        ? new https.Agent(agentOptions)
        : new http.Agent(agentOptions);
  }

  execute(body: ResponseBody, context: ExchangeContext): Promise<AssembledResponse> {
    const payload = httpBody(body);
    return this.request(
      "POST",
      "/responses",
      payload,
      context.signal,
      (response, finish) => {
        const assembler = new ResponseAssembler(body.model, context.onFirstToken, context.onText);
        const parser = new SseParser((message) => {
          if (message.data === "[DONE]") return;
          let json: unknown;
          try {
            json = JSON.parse(message.data);
          } catch {
            return finish({
              ok: false,
              error: new ModelError("model_failed", "unreadable SSE event", { retryable: true }),
            });
          }
          const frame = parseServerFrame(json);
          if (frame.kind === "malformed") {
            return finish({
              ok: false,
              error: new ModelError("model_failed", `unreadable model event (${frame.problem})`, {
                retryable: true,
              }),
            });
          }
          if (frame.kind === "ignored") return;
          const outcome = assembler.push(frame.event);
          if (!outcome) return;
          if (outcome.ok) context.onUsage(outcome.response.usage);
          else if (outcome.usage) context.onUsage(outcome.usage);
          finish(outcome);
        });
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => parser.push(chunk));
        response.on("end", () =>
          finish({ ok: false, error: connectionError("model stream ended before the response did") }),
        );
      },
      body.model,
    );
  }

  /** `GET /models/{id}`: checks the key and the model id without generating. */
  async checkModel(model: string, signal: AbortSignal): Promise<void> {
    const checked: AssembledResponse = { text: "", usage: ZERO_USAGE, responseId: "", model };
    await this.request(
      "GET",
      `/models/${encodeURIComponent(model)}`,
      undefined,
      signal,
      (response, finish) => {
        response.resume();
        response.on("end", () => finish({ ok: true, response: checked }));
      },
      model,
    );
  }

  async close(): Promise<void> {
    if (this.agent) this.agent.destroy();
  }

  private request(
    method: string,
    path: string,
    payload: string | undefined,
    signal: AbortSignal,
    onOk: (response: http.IncomingMessage, finish: Finish) => void,
    model?: string,
  ): Promise<AssembledResponse> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason as ModelError);
      const url = new URL(`${this.options.baseUrl}${path}`);
      const headers: Record<string, string | number> = {
        ...this.options.headers,
        Accept: "text/event-stream",
      };
      if (payload !== undefined) {
        headers["Content-Type"] = "application/json";
        headers["Content-Length"] = Buffer.byteLength(payload);
      }
      let settled = false;
      this.options.gauge.add(1);
      const finish: Finish = (outcome) => {
        if (settled) return;
        settled = true;
        this.options.gauge.add(-1);
        signal.removeEventListener("abort", onAbort);
        if (outcome.ok) resolve(outcome.response);
        else reject(outcome.error);
        // A finished or failed exchange has nothing more to read; free the connection.
        if (!outcome.ok) request.destroy();
      };
      const onAbort = (): void => finish({ ok: false, error: signal.reason as ModelError });
      signal.addEventListener("abort", onAbort, { once: true });
      const request = this.client.request(
        url,
        {
          method,
          headers,
          agent: this.agent,
          ...(this.agent ? {} : this.tlsOptions),
        },
        (response) => {
          response.on("error", (error: Error) =>
            finish({ ok: false, error: connectionError(`model stream broke: ${error.message}`) }),
          );
          response.on("aborted", () => finish({ ok: false, error: connectionError("model stream aborted") }));
          if (response.statusCode === 200) return onOk(response, finish);
          readError(response, model).then((error) => finish({ ok: false, error }));
        },
      );
      request.on("error", (error: Error) =>
        finish({ ok: false, error: connectionError(`model request failed: ${error.message}`) }),
      );
      request.end(payload);
    });
  }
}

function readError(response: http.IncomingMessage, model: string | undefined): Promise<ModelError> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    response.on("data", (chunk: Buffer) => chunks.push(chunk));
    response.on("end", () => {
      let failure: { code?: string; message?: string; type?: string; param?: string } = {};
      try {
        failure =
          (JSON.parse(Buffer.concat(chunks).toString("utf8")) as { error?: typeof failure }).error ?? {};
      } catch {
        failure = { message: Buffer.concat(chunks).toString("utf8").slice(0, 200) };
      }
      const status = response.statusCode ?? 0;
      resolve(
        classifyApiFailure({ status, ...failure, retryAfterMs: retryAfterMs(response.headers) }, model),
      );
    });
    response.on("error", () => resolve(connectionError("model error response broke")));
  });
}
