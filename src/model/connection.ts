import WebSocket from "ws";
import { ModelError } from "../errors.js";
import type { Log } from "../observability/log.js";
import { ConnectError, classifyApiFailure, droppedError, retryAfterMs } from "./errors.js";
import { isTerminal, parseServerFrame, type ServerEvent } from "./events.js";
import type { InFlightGauge } from "./gauge.js";
import { StreamSlots } from "./stream-slots.js";
import { SERVICE_MAX_STREAMS } from "./options.js";
import { wsFrame, type ResponseBody } from "./request.js";

/** Where a socket delivers one request's events. */
export interface LaneSink {
  event(event: ServerEvent): void;
  /** The socket went away or sent something unreadable for this request; it will get nothing more. */
  fail(error: ModelError): void;
}

export interface LaneHandle {
  /** Stop routing to the sink and free its slot; the lane is reused once the service ends the response. */
  abandon(): void;
}

export interface CloseInfo {
  code: number;
  reason: string;
  /** We closed it (recycle, shutdown): not a drop. */
  expected: boolean;
  /** Terminated because pongs stopped. */
  heartbeat: boolean;
}

export interface ConnectionOptions {
  url: string;
  headers: Record<string, string>;
  ca?: string | Buffer | undefined;
  connectTimeoutMs: number;
  heartbeatIntervalMs: number;
  maxInFlight: number;
  maxAgeMs: number;
  log: Log;
  gauge: InFlightGauge;
  /** A live response ended (or was abandoned): there is room again. `healthy` when it ended normally. */
  onSlotFreed(connection: ModelConnection, healthy: boolean): void;
  onRetired(connection: ModelConnection): void;
  onClosed(connection: ModelConnection, info: CloseInfo): void;
}

const LIMIT_CODES = new Set(["websocket_connection_limit_reached", "websocket_stream_limit_reached"]);

function errorCode(event: ServerEvent): string | undefined {
  if (event.type !== "error") return undefined;
  return event.error?.code ?? event.code ?? undefined;
}

/** Reads the refusal body of a failed upgrade and turns it into our error. */
function upgradeError(status: number, headers: Record<string, unknown>, body: string): ConnectError {
  if (status === 426) {
    return new ConnectError(
      "model_connection",
      "the service refused the WebSocket upgrade (426); use transport auto or http",
      {
        status,
      },
    );
  }
  let failure: { code?: string; message?: string; type?: string; param?: string } = {};
  try {
    const parsed = JSON.parse(body) as { error?: typeof failure };
    failure = parsed.error ?? {};
  } catch {
    failure = { message: body.slice(0, 200) };
  }
  const classified = classifyApiFailure({ status, ...failure, retryAfterMs: retryAfterMs(headers) });
  return new ConnectError(classified.code, `WebSocket upgrade refused: ${classified.message}`, {
    status,
    retryable: classified.retryable,
    retryAfterMs: classified.retryAfterMs,
  });
}

/** One Responses WebSocket: lanes, heartbeat, age limit. The pool decides when to open and close them. */
export class ModelConnection {
  private static nextId = 1;
  readonly id = ModelConnection.nextId++;
  private readonly lanes = new StreamSlots<LaneSink>("lane-");
  private retired = false;
  private closing = false;
  private alive = true;
  private heartbeatKilled = false;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly ageTimer: NodeJS.Timeout;

  private constructor(
    private readonly ws: WebSocket,
    private readonly options: ConnectionOptions,
  ) {
    ws.on("message", (data: WebSocket.RawData) => this.onMessage(data));
    ws.on("pong", () => (this.alive = true));
    ws.on("close", (code: number, reason: Buffer) => this.onClose(code, reason.toString()));
    ws.on("error", (error: Error) =>
      options.log.warn({ socket: this.id, err: error.message }, "model socket error"),
    );
    this.heartbeat = setInterval(() => this.beat(), options.heartbeatIntervalMs).unref();
    this.ageTimer = setTimeout(() => this.retire("age"), options.maxAgeMs).unref();
  }

  static open(options: ConnectionOptions): Promise<ModelConnection> {
    return new Promise((resolve, reject) => {
      let settled = false;
      const fail = (error: ConnectError): void => {
        if (settled) return;
        settled = true;
        reject(error);
      };
      const ws = new WebSocket(options.url, {
        headers: options.headers,
        perMessageDeflate: false,
        handshakeTimeout: options.connectTimeoutMs,
        ...(options.ca ? { ca: options.ca } : {}),
      });
      ws.on("unexpected-response", (request, response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          fail(
            upgradeError(response.statusCode ?? 0, response.headers, Buffer.concat(chunks).toString("utf8")),
          );
          request.destroy();
        });
        response.on("error", () => request.destroy());
      });
      ws.on("error", (error: Error) => {
        fail(
          new ConnectError("model_connection", `cannot open the model socket: ${error.message}`, {
            retryable: true,
          }),
        );
      });
      ws.on("close", () =>
        fail(new ConnectError("model_connection", "model socket closed while opening", { retryable: true })),
      );
      ws.once("open", () => {
        if (settled) return;
        settled = true;
        ws.removeAllListeners();
        resolve(new ModelConnection(ws, options));
      });
    });
  }

  get inFlight(): number {
    return this.lanes.live;
  }

  get open(): boolean {
    return !this.closing && this.ws.readyState === WebSocket.OPEN;
  }

  /** Takes a new request now. */
  get accepting(): boolean {
    return (
      this.open && !this.retired && this.lanes.live < this.options.maxInFlight && this.lanes.available > 0
    );
  }

  get isRetired(): boolean {
    return this.retired;
  }

  send(body: ResponseBody, sink: LaneSink): LaneHandle {
    if (!this.accepting) throw new Error("model socket is not accepting requests");
    const lane = this.lanes.open(sink);
    if (lane === undefined) throw new Error("no free lane");
    this.options.gauge.add(1);
    this.ws.send(wsFrame(body, lane));
    return { abandon: () => this.abandon(lane, sink) };
  }

  /** Take no new requests; close once the last live one has ended. */
  retire(why: string): void {
    if (this.retired || this.closing) return;
    this.retired = true;
    this.options.log.debug({ socket: this.id, why }, "model socket retired");
    this.options.onRetired(this);
    this.closeIfIdle();
  }

  close(code = 1000, reason = "client closing"): void {
    if (this.closing) return;
    this.closing = true;
    if (this.ws.readyState === WebSocket.OPEN) this.ws.close(code, reason);
    else this.ws.terminate();
  }

  private abandon(lane: string, sink: LaneSink): void {
    const before = this.lanes.live;
    this.lanes.abandon(lane, sink);
    if (this.lanes.live === before) return;
    this.options.gauge.add(this.lanes.live - before);
    // Abandoned lanes stay busy until the service ends them; too many and the socket is worth replacing.
    if (this.lanes.draining > SERVICE_MAX_STREAMS - this.options.maxInFlight) this.retire("abandoned lanes");
    this.options.onSlotFreed(this, false);
    this.closeIfIdle();
  }

  private closeIfIdle(): void {
    if (this.retired && this.lanes.live === 0) this.close(1000, "recycled");
  }

  private beat(): void {
    if (!this.alive) {
      this.heartbeatKilled = true;
      this.options.log.warn({ socket: this.id }, "model socket missed its heartbeat; terminating");
      this.ws.terminate();
      return;
    }
    this.alive = false;
    this.ws.ping();
  }

  private onMessage(data: WebSocket.RawData): void {
    this.alive = true;
    let json: unknown;
    try {
      json = JSON.parse(data.toString());
    } catch {
      this.options.log.warn({ socket: this.id }, "model socket sent a frame that is not JSON");
      return;
    }
    const frame = parseServerFrame(json);
    if (frame.kind === "ignored") return;
    if (frame.kind === "malformed") {
      this.options.log.warn(
        { socket: this.id, problem: frame.problem },
        "model socket sent a malformed event",
      );
      const sink = frame.streamId === undefined ? undefined : this.lanes.route(frame.streamId);
      if (sink && frame.streamId !== undefined) {
        this.abandon(frame.streamId, sink);
        sink.fail(
          new ModelError("model_failed", `unreadable model event (${frame.problem})`, { retryable: true }),
        );
      }
      return;
    }
    this.route(frame.event);
  }

  private route(event: ServerEvent): void {
    const code = errorCode(event);
    if (code !== undefined && LIMIT_CODES.has(code)) this.retire(code);
    const lane = event.stream_id;
    if (lane === undefined) {
      // We always name a lane, so an event without one is about the socket itself.
      this.options.log.warn(
        { socket: this.id, type: event.type, code },
        "model socket event without stream_id",
      );
      return;
    }
    const sink = this.lanes.route(lane);
    if (sink) sink.event(event);
    if (!isTerminal(event.type)) return;
    const before = this.lanes.live;
    this.lanes.release(lane);
    this.options.gauge.add(this.lanes.live - before);
    this.options.onSlotFreed(this, sink !== undefined && event.type === "response.completed");
    this.closeIfIdle();
  }

  private onClose(code: number, reason: string): void {
    clearInterval(this.heartbeat);
    clearTimeout(this.ageTimer);
    const expected = this.closing && !this.heartbeatKilled;
    this.closing = true;
    const before = this.lanes.live;
    const sinks = this.lanes.drain();
    this.options.gauge.add(-before);
    const error = this.heartbeatKilled
      ? new ModelError(
          "model_connection",
          "model socket stopped answering pings with the response in flight",
          { retryable: true },
        )
      : droppedError(code, reason);
    for (const sink of sinks) sink.fail(error);
    this.options.onClosed(this, { code, reason, expected, heartbeat: this.heartbeatKilled });
  }
}
