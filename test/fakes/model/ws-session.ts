import type { Socket } from "node:net";
import type WebSocket from "ws";
import {
  invalid,
  requestErrorEvent,
  strictSchemaProblem,
  wsCreateSchema,
  zodProblem,
  type ApiError,
  type CreateBody,
} from "./protocol.js";
import { respond, type Channel, type ResponderOptions } from "./responder.js";
import type { FakeBehaviour, ReceivedRequest, Scenario } from "./scenario.js";

const STREAM_ID = /^[A-Za-z0-9_.-]{1,256}$/;

export interface SessionHooks {
  behaviour(): FakeBehaviour;
  models(): string[];
  cache: Set<string>;
  /** Records a request as received. */
  receive(request: Omit<ReceivedRequest, "seq">): ReceivedRequest;
  /** The scripted answer for an accepted request (consumes one-shot scenarios in arrival order). */
  scenarioFor(request: ReceivedRequest): Scenario;
  onInFlight(connection: number, running: number): void;
}

interface Job {
  request: ReceivedRequest;
  receivedAt: number;
  lane: string;
  streamId: string | undefined;
  body: CreateBody;
  scenario: Scenario;
}

/** One accepted socket, with the service's per-connection rules: 16 running, 32 named lanes, FIFO per lane, a life limit. */
export class FakeSession {
  private readonly lanes = new Map<string, Job[]>();
  private readonly streamIds = new Set<string>();
  private readonly waiting: Job[] = [];
  private running = 0;
  private expired = false;
  private readonly closedPromise: Promise<void>;
  private readonly ageTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly number: number,
    private readonly ws: WebSocket,
    private readonly headers: Record<string, string>,
    private readonly hooks: SessionHooks,
  ) {
    this.closedPromise = new Promise((resolve) => ws.once("close", () => resolve()));
    ws.on("message", (data) => this.onMessage(data.toString()));
    ws.on("ping", (payload) => {
      if (hooks.behaviour().answerPings) ws.pong(payload);
    });
    ws.on("error", () => {});
    const limit = hooks.behaviour().connectionAgeLimitMs;
    if (limit !== null) this.ageTimer = setTimeout(() => this.expire(), limit);
    ws.once("close", () => clearTimeout(this.ageTimer));
  }

  get isOpen(): boolean {
    return this.ws.readyState === this.ws.OPEN;
  }

  close(code: number): void {
    // What was sent before the drop reaches the peer; only then does the connection die.
    (this.ws as unknown as { _socket?: Socket })._socket?.uncork();
    if (code === 1006) this.ws.terminate();
    else if (this.isOpen) this.ws.close(code, code === 1011 ? "internal error" : "closing");
  }

  private send(event: Record<string, unknown>): boolean {
    if (!this.isOpen) return false;
    this.cork();
    this.ws.send(JSON.stringify(event));
    return true;
  }

  /** Batches the frames of one tick into one write, as a server under load would; otherwise the fake's syscalls dominate a benchmark. */
  private cork(): void {
    const socket = (this.ws as unknown as { _socket?: Socket })._socket;
    if (!socket || socket.writableCorked > 0) return;
    socket.cork();
    process.nextTick(() => socket.uncork());
  }

  private reject(error: ApiError, streamId: string | undefined): void {
    this.send(requestErrorEvent(error, streamId === undefined ? {} : { streamId }));
  }

  private onMessage(text: string): void {
    const receivedAt = performance.now();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return this.reject(invalid("The frame is not valid JSON.", null, "invalid_json"), undefined);
    }
    const frame = (typeof json === "object" && json !== null ? json : {}) as Record<string, unknown>;
    const streamId = typeof frame.stream_id === "string" ? frame.stream_id : undefined;
    const request = this.hooks.receive({
      transport: "ws",
      connection: this.number,
      auth: "ok",
      body: frame,
      headers: this.headers,
    });
    const refuse = (error: ApiError): void => {
      request.rejected = error.code ?? error.type;
      this.reject(error, streamId);
    };
    if (frame.type !== "response.create")
      return refuse(invalid(`Unsupported event type '${String(frame.type)}'.`, "type"));
    for (const forbidden of ["stream", "background", "stream_options"]) {
      if (forbidden in frame)
        return refuse(
          invalid(`'${forbidden}' is not supported in WebSocket mode.`, forbidden, "unsupported_parameter"),
        );
    }
    const parsed = wsCreateSchema.safeParse(frame);
    if (!parsed.success) return refuse(zodProblem(parsed.error));
    const body = parsed.data;
    if (streamId !== undefined && !STREAM_ID.test(streamId)) {
      return refuse(
        invalid("Invalid 'stream_id': 1 to 256 characters of A-Z, a-z, 0-9, '_', '.', '-'.", "stream_id"),
      );
    }
    if (
      streamId !== undefined &&
      !this.streamIds.has(streamId) &&
      this.streamIds.size >= this.hooks.behaviour().maxStreams
    ) {
      return refuse(
        invalid(
          "Too many distinct stream_id values on this connection.",
          "stream_id",
          "websocket_stream_limit_reached",
        ),
      );
    }
    if (this.expired) {
      return refuse(
        invalid(
          "This connection has reached its time limit; open a new one.",
          null,
          "websocket_connection_limit_reached",
        ),
      );
    }
    const format = body.text?.format;
    const schemaProblem =
      format?.type === "json_schema" && format.strict ? strictSchemaProblem(format.schema) : undefined;
    if (schemaProblem)
      return refuse(
        invalid(
          `Invalid schema for response_format '${format?.type === "json_schema" ? format.name : ""}': ${schemaProblem}.`,
          "text.format.schema",
          "invalid_json_schema",
        ),
      );
    if (!this.hooks.models().includes(body.model)) {
      return refuse({
        status: 404,
        type: "invalid_request_error",
        code: "model_not_found",
        message: `The model '${body.model}' does not exist or you do not have access to it.`,
        param: "model",
      });
    }
    if (streamId !== undefined) this.streamIds.add(streamId);
    const job: Job = {
      request,
      receivedAt,
      lane: streamId ?? "",
      streamId,
      body,
      scenario: this.hooks.scenarioFor(request),
    };
    const lane = this.lanes.get(job.lane) ?? [];
    lane.push(job);
    this.lanes.set(job.lane, lane);
    this.waiting.push(job);
    this.pump();
    if (this.waiting.includes(job)) {
      // Accepted but not started: beyond the in-flight limit, or behind its lane.
      const response = {
        id: `resp_queued_${request.seq}`,
        object: "response",
        status: "queued",
        model: body.model,
        output: [],
      };
      this.send({
        type: "response.queued",
        response,
        sequence_number: 0,
        ...(streamId === undefined ? {} : { stream_id: streamId }),
      });
    }
  }

  private pump(): void {
    for (const job of [...this.waiting]) {
      if (this.running >= this.hooks.behaviour().maxInFlight) return;
      if (this.lanes.get(job.lane)?.[0] !== job) continue;
      this.waiting.splice(this.waiting.indexOf(job), 1);
      this.start(job);
    }
  }

  private start(job: Job): void {
    this.running += 1;
    this.hooks.onInFlight(this.number, this.running);
    const channel: Channel = {
      send: (event) => this.send(job.streamId === undefined ? event : { ...event, stream_id: job.streamId }),
      isOpen: () => this.isOpen,
      closed: this.closedPromise,
      drop: (code) => this.close(code),
    };
    const options: ResponderOptions = { behaviour: this.hooks.behaviour(), cache: this.hooks.cache };
    void respond(job.body, job.scenario, channel, options).finally(() => {
      job.request.serverMs = performance.now() - job.receivedAt;
      this.running -= 1;
      this.lanes.get(job.lane)?.shift();
      this.pump();
      this.closeIfExpiredAndIdle();
    });
  }

  private expire(): void {
    this.expired = true;
    this.closeIfExpiredAndIdle();
  }

  private closeIfExpiredAndIdle(): void {
    if (!this.expired || this.running > 0 || this.waiting.length > 0 || !this.isOpen) return;
    this.reject(
      invalid(
        "This connection has reached its time limit; open a new one.",
        null,
        "websocket_connection_limit_reached",
      ),
      undefined,
    );
    this.ws.close(1000, "connection limit reached");
  }
}
