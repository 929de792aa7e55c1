import { ModelError, isBotError } from "../errors.js";
import type {
  ModelCallOptions,
  ModelRequest,
  ModelResult,
  ModelStreamOptions,
  ReviewModel,
} from "../review/ports.js";
import type { AssembledResponse } from "./assemble.js";
import { ConnectError, ModelIncompleteError, ModelUnsupportedError } from "./errors.js";
import { InFlightGauge } from "./gauge.js";
import { HttpTransport } from "./http-transport.js";
import type { ModelMetricLabels, ModelTransportKind } from "./metrics.js";
import {
  authHeaders,
  resolveModelOptions,
  socketUrl,
  type ModelClientOptions,
  type ResolvedModelOptions,
} from "./options.js";
import { ConnectionPool } from "./pool.js";
import { probeModels, type ProbeResult } from "./probe.js";
import { buildResponseBody, warmUpBody, type ResponseBody } from "./request.js";
import type { ExchangeContext, Transport } from "./transport.js";
import { ZERO_USAGE, addUsage } from "../review/usage.js";
import { WsTransport } from "./ws-transport.js";

export interface ModelClient extends ReviewModel {
  stream(request: ModelRequest, options: ModelStreamOptions): Promise<ModelResult>;
  /** Opens the pool and sends one warm-up; never throws (the result says what went wrong). */
  probe(): Promise<ProbeResult>;
  /**
   * Opens `sockets` sockets before any request needs them (WebSocket transport; nothing to do
   * over HTTP). Rejects with the upgrade's error.
   */
  warmUp(sockets: number): Promise<void>;
  /** Closes sockets and HTTP connections; requests still running fail with a retryable `model_connection`. */
  close(): Promise<void>;
  /** The model id requests without `model` go to (the fallback once the primary was rejected). */
  readonly activeModel: string;
  /** The wire the next request will take. */
  readonly activeTransport: ModelTransportKind;
}

function toModelError(error: unknown): ModelError {
  if (error instanceof ModelError) return error;
  if (isBotError(error))
    return new ModelError(error.code, error.message, { retryable: error.retryable, cause: error });
  return new ModelError("model_failed", `model client failure: ${String(error)}`, {
    retryable: true,
    cause: error,
  });
}

const seconds = (since: number): number => (performance.now() - since) / 1000;

class ResponsesClient implements ModelClient {
  private readonly options: ResolvedModelOptions;
  private readonly ws: WsTransport;
  private readonly http: HttpTransport;
  private model: string;
  /** `auto`: requests go over HTTP until this time (ms since epoch). */
  private httpUntil = 0;
  private closed = false;

  constructor(input: ModelClientOptions) {
    const options = resolveModelOptions(input);
    this.options = options;
    this.model = options.model;
    const headers = authHeaders(options);
    const gauge = new InFlightGauge((n) => options.metrics.inFlight(n));
    const log = options.log.child({ component: "model" });
    this.ws = new WsTransport(
      new ConnectionPool({ ...options, url: socketUrl(options.baseUrl), headers, log, gauge }),
    );
    this.http = new HttpTransport({
      baseUrl: options.baseUrl,
      headers,
      ca: options.ca,
      keepAlive: options.httpKeepAlive,
      maxSockets: options.maxSockets * options.maxInFlightPerSocket,
      log,
      gauge,
    });
  }

  get activeModel(): string {
    return this.model;
  }

  get activeTransport(): ModelTransportKind {
    return this.pick().kind;
  }

  complete(request: ModelRequest, options: ModelCallOptions = {}): Promise<ModelResult> {
    return this.call(request, options, undefined);
  }

  stream(request: ModelRequest, options: ModelStreamOptions): Promise<ModelResult> {
    return this.call(request, options, options);
  }

  private async call(
    request: ModelRequest,
    options: ModelCallOptions,
    streaming: Pick<ModelStreamOptions, "onText" | "onRestart"> | undefined,
  ): Promise<ModelResult> {
    if (this.closed) throw new ModelError("model_connection", "model client is closed", { retryable: true });
    const started = performance.now();
    let model = request.model ?? this.model;
    let body = buildResponseBody(request, model);
    let usage = ZERO_USAGE;
    let budgetRaised = false;
    let fellBack = false;
    let transport: ModelTransportKind = this.pick().kind;
    let outcome = "ok";
    try {
      for (;;) {
        try {
          const answer = await this.exchange(
            body,
            options.signal,
            (kind) => (transport = kind),
            streaming?.onText,
          );
          return { ...answer, usage: addUsage(usage, answer.usage) };
        } catch (error) {
          const labels = { model, transport };
          if (
            error instanceof ModelIncompleteError &&
            error.reason === "max_output_tokens" &&
            !budgetRaised
          ) {
            const raised = this.raisedBudget(body.max_output_tokens);
            if (raised !== undefined) {
              budgetRaised = true;
              usage = addUsage(usage, error.usage);
              this.options.metrics.retry("max_output_tokens", labels);
              this.options.log.info(
                { model, from: body.max_output_tokens, to: raised },
                "model answer cut off; asking again with a larger budget",
              );
              body = { ...body, max_output_tokens: raised };
              streaming?.onRestart?.();
              continue;
            }
          }
          const fallback = this.options.fallbackModel;
          if (
            error instanceof ModelUnsupportedError &&
            fallback &&
            !fellBack &&
            model === this.options.model &&
            fallback !== model
          ) {
            fellBack = true;
            this.model = fallback;
            this.options.metrics.retry("fallback_model", labels);
            this.options.log.warn(
              { model, fallback },
              `model ${model} is not available; using the fallback model ${fallback}`,
            );
            model = fallback;
            body = { ...body, model };
            streaming?.onRestart?.();
            continue;
          }
          throw error;
        }
      }
    } catch (error) {
      const failure = toModelError(error);
      outcome = failure.code;
      throw failure;
    } finally {
      this.options.metrics.requestDuration(seconds(started), { model, transport, outcome });
    }
  }

  async probe(): Promise<ProbeResult> {
    return probeModels({
      primary: this.model,
      fallback: this.options.fallbackModel,
      log: this.options.log.child({ component: "model" }),
      useModel: (model) => (this.model = model),
      check: (model) =>
        this.withDeadline(undefined, async (signal) => {
          const transport = this.pick();
          if (transport.kind === "http") {
            await this.http.checkModel(model, signal);
            return "http";
          }
          try {
            await this.ws.execute(warmUpBody(model), this.context(signal, { model, transport: "ws" }));
            return "ws";
          } catch (error) {
            if (!this.fallBackToHttp(error)) throw error;
            await this.http.checkModel(model, signal);
            return "http";
          }
        }),
    });
  }

  async warmUp(sockets: number): Promise<void> {
    if (this.pick().kind !== "ws") return;
    await this.ws.warmUp(sockets);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([this.ws.close(), this.http.close()]);
  }

  private raisedBudget(current: number | undefined): number | undefined {
    // Without a budget of ours, the cut-off is the model's own limit: asking again changes nothing.
    if (current === undefined || current >= this.options.maxOutputTokensCeiling) return undefined;
    return Math.min(
      this.options.maxOutputTokensCeiling,
      Math.ceil(current * this.options.incompleteRetryFactor),
    );
  }

  private pick(): Transport {
    if (this.options.transport === "http") return this.http;
    if (this.options.transport === "auto" && Date.now() < this.httpUntil) return this.http;
    return this.ws;
  }

  /** `auto` only: the upgrade was refused (426) or kept failing, and nothing was sent. */
  private fallBackToHttp(error: unknown): boolean {
    if (this.options.transport !== "auto" || !(error instanceof ConnectError)) return false;
    if (error.status !== 426 && (!error.retryable || error.code === "model_rate_limited")) return false;
    this.httpUntil = Date.now() + this.options.httpFallbackMs;
    this.options.log.warn(
      { status: error.status, code: error.code, forMs: this.options.httpFallbackMs },
      "model socket unavailable; using HTTPS streaming for a while",
    );
    return true;
  }

  private exchange(
    body: ResponseBody,
    callerSignal: AbortSignal | undefined,
    onTransport: (kind: ModelTransportKind) => void,
    onText?: (delta: string) => void,
  ): Promise<AssembledResponse> {
    return this.withDeadline(callerSignal, async (signal) => {
      const transport = this.pick();
      onTransport(transport.kind);
      try {
        return await transport.execute(
          body,
          this.context(signal, { model: body.model, transport: transport.kind }, onText),
        );
      } catch (error) {
        // Only an upgrade that failed falls back, before any text was streamed.
        if (transport.kind !== "ws" || !this.fallBackToHttp(error)) throw error;
        onTransport("http");
        return await this.http.execute(
          body,
          this.context(signal, { model: body.model, transport: "http" }, onText),
        );
      }
    });
  }

  private context(
    signal: AbortSignal,
    labels: ModelMetricLabels,
    onText?: (delta: string) => void,
  ): ExchangeContext {
    const sent = performance.now();
    const metrics = this.options.metrics;
    return {
      signal,
      onText,
      onFirstToken: () => metrics.timeToFirstToken(seconds(sent), labels),
      onUsage: (usage) => metrics.tokens(usage, labels),
      onResend: () => metrics.retry("connection_limit", labels),
    };
  }

  /** One exchange's signal: the caller's abort (`model_aborted`) or our timeout (`model_timeout`). */
  private async withDeadline<T>(
    callerSignal: AbortSignal | undefined,
    run: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const controller = new AbortController();
    const limit = this.options.requestTimeoutMs;
    const timer = setTimeout(
      () =>
        controller.abort(
          new ModelError("model_timeout", `no complete model answer within ${limit} ms`, { retryable: true }),
        ),
      limit,
    );
    const onAbort = (): void =>
      controller.abort(
        new ModelError("model_aborted", "the model request was abandoned by its caller", {
          cause: callerSignal?.reason,
        }),
      );
    if (callerSignal?.aborted) onAbort();
    else callerSignal?.addEventListener("abort", onAbort, { once: true });
    try {
      return await run(controller.signal);
    } finally {
      clearTimeout(timer);
      callerSignal?.removeEventListener("abort", onAbort);
    }
  }
}

/** The Responses API client: pooled WebSocket mode, HTTPS/SSE fallback, start-up probe. */
export function createModelClient(options: ModelClientOptions): ModelClient {
  return new ResponsesClient(options);
}
