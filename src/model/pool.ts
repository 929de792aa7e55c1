import { ModelError } from "../errors.js";
import type { Log } from "../observability/log.js";
import { backoffDelay } from "../backoff.js";
import { ModelConnection, type CloseInfo, type ConnectionOptions } from "./connection.js";
import { ConnectError, isRecoverableClose } from "./errors.js";
import type { InFlightGauge } from "./gauge.js";
import type { ModelMetrics, ModelReconnectReason } from "./metrics.js";

/** A request waiting for a socket slot. `start` must send at once (synchronously) on the socket given. */
export interface PoolJob {
  start(connection: ModelConnection): void;
  fail(error: ModelError): void;
}

export interface PoolOptions {
  url: string;
  headers: Record<string, string>;
  ca?: string | Buffer | undefined;
  maxSockets: number;
  maxInFlightPerSocket: number;
  connectTimeoutMs: number;
  heartbeatIntervalMs: number;
  maxConnectionAgeMs: number;
  reconnectBaseDelayMs: number;
  reconnectMaxDelayMs: number;
  maxConnectAttempts: number;
  log: Log;
  metrics: ModelMetrics;
  gauge: InFlightGauge;
}

/**
 * A few long-lived sockets shared by every job of the process. Requests go to the open socket with
 * the fewest in flight; a new socket is opened only when the others are full. After a drop, the
 * pool reconnects with backoff and keeps one socket warm; a socket near its age limit is replaced
 * before it is closed. Requests in flight on a dropped socket are failed, never re-sent from here.
 */
export class ConnectionPool {
  private readonly sockets = new Set<ModelConnection>();
  private readonly waiting: PoolJob[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly openWaiters: { resolve: () => void; reject: (error: ModelError) => void }[] = [];
  private connecting = 0;
  private connectFailures = 0;
  private dropStreak = 0;
  private keepWarm = false;
  private nextReason: ModelReconnectReason | undefined;
  private closed = false;
  private everOpened = false;
  /** After an upgrade answered 429: refuse at once until Retry-After has passed, rather than hammer. */
  private rateLimited: { until: number; error: ConnectError } | undefined;

  constructor(private readonly options: PoolOptions) {}

  get openSockets(): number {
    return this.sockets.size;
  }

  enqueue(job: PoolJob): void {
    if (this.closed) {
      job.fail(new ModelError("model_connection", "model client is closed", { retryable: true }));
      return;
    }
    const limited = this.rateLimited;
    if (limited && Date.now() < limited.until && this.sockets.size === 0) {
      const { code, message, status } = limited.error;
      job.fail(
        new ConnectError(code, message, {
          retryable: true,
          retryAfterMs: limited.until - Date.now(),
          status,
        }),
      );
      return;
    }
    this.keepWarm = true;
    this.waiting.push(job);
    this.pump();
  }

  /** Removes a job that has not been started. */
  cancel(job: PoolJob): void {
    const index = this.waiting.indexOf(job);
    if (index >= 0) this.waiting.splice(index, 1);
  }

  /** Resolves once a socket is open (opening one if needed); rejects with the upgrade's error. */
  warmUp(): Promise<void> {
    if ([...this.sockets].some((s) => s.accepting)) return Promise.resolve();
    this.keepWarm = true;
    return new Promise((resolve, reject) => {
      this.openWaiters.push({ resolve, reject });
      if (this.connecting === 0) this.openOne();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const closing = new ModelError("model_connection", "model client closed", { retryable: true });
    for (const job of this.waiting.splice(0)) job.fail(closing);
    for (const waiter of this.openWaiters.splice(0)) waiter.reject(closing);
    for (const socket of this.sockets) socket.close(1000, "client closing");
    const deadline = Date.now() + 2_000;
    while (this.sockets.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  }

  private pump(): void {
    if (this.closed) return;
    while (this.waiting.length > 0) {
      const socket = this.pick();
      if (!socket) break;
      const job = this.waiting.shift();
      job?.start(socket);
    }
    const usable = [...this.sockets].filter((s) => !s.isRetired).length;
    const pendingCapacity = this.connecting * this.options.maxInFlightPerSocket;
    const needMore = this.waiting.length > pendingCapacity;
    const wantWarm = this.keepWarm && this.everOpened && usable === 0 && this.connecting === 0;
    if ((needMore || wantWarm) && usable + this.connecting < this.options.maxSockets) this.openOne();
  }

  private pick(): ModelConnection | undefined {
    let best: ModelConnection | undefined;
    for (const socket of this.sockets) {
      if (socket.accepting && (!best || socket.inFlight < best.inFlight)) best = socket;
    }
    return best;
  }

  private openOne(): void {
    const attempt = this.connectFailures + this.dropStreak;
    const delay = backoffDelay(attempt, this.options.reconnectBaseDelayMs, this.options.reconnectMaxDelayMs);
    const reason = this.nextReason;
    this.nextReason = undefined;
    this.connecting += 1;
    const connect = (): void => {
      ModelConnection.open(this.connectionOptions()).then(
        (socket) => this.opened(socket, reason),
        (error: unknown) => this.connectFailed(error, reason),
      );
    };
    if (delay === 0) return connect();
    this.options.log.debug({ delayMs: delay, attempt }, "model socket reconnecting after backoff");
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.closed) return void (this.connecting -= 1);
      connect();
    }, delay);
    this.timers.add(timer);
  }

  private opened(socket: ModelConnection, reason: ModelReconnectReason | undefined): void {
    this.connecting -= 1;
    if (this.closed) return socket.close(1000, "client closing");
    this.connectFailures = 0;
    this.rateLimited = undefined;
    this.everOpened = true;
    this.sockets.add(socket);
    if (reason) this.options.metrics.reconnect(reason);
    this.options.metrics.openSockets(this.sockets.size);
    this.options.log.debug({ socket: socket.id, open: this.sockets.size }, "model socket open");
    for (const waiter of this.openWaiters.splice(0)) waiter.resolve();
    this.pump();
  }

  private connectFailed(error: unknown, reason: ModelReconnectReason | undefined): void {
    this.connecting -= 1;
    if (this.closed) return;
    const failure =
      error instanceof ConnectError
        ? error
        : new ConnectError("model_connection", `cannot open the model socket: ${String(error)}`, {
            retryable: true,
          });
    this.connectFailures += 1;
    this.options.log.warn(
      { code: failure.code, status: failure.status, attempt: this.connectFailures },
      `model socket upgrade failed: ${failure.message}`,
    );
    const rateLimited = failure.code === "model_rate_limited";
    if (rateLimited)
      this.rateLimited = {
        until: Date.now() + (failure.retryAfterMs ?? this.options.reconnectMaxDelayMs),
        error: failure,
      };
    if (failure.retryable && !rateLimited && this.connectFailures < this.options.maxConnectAttempts) {
      this.nextReason = reason;
      if (this.waiting.length > 0 || this.openWaiters.length > 0) this.openOne();
      else this.pump();
      return;
    }
    // Give up for the requests waiting now; the next request starts a fresh series of attempts.
    this.connectFailures = 0;
    this.keepWarm = false;
    for (const job of this.waiting.splice(0)) job.fail(failure);
    for (const waiter of this.openWaiters.splice(0)) waiter.reject(failure);
  }

  private connectionOptions(): ConnectionOptions {
    const o = this.options;
    return {
      url: o.url,
      headers: o.headers,
      ca: o.ca,
      connectTimeoutMs: o.connectTimeoutMs,
      heartbeatIntervalMs: o.heartbeatIntervalMs,
      maxInFlight: o.maxInFlightPerSocket,
      maxAgeMs: o.maxConnectionAgeMs,
      log: o.log,
      gauge: o.gauge,
      onSlotFreed: (_socket, healthy) => {
        if (healthy) this.dropStreak = 0;
        this.pump();
      },
      onRetired: () => {
        this.nextReason = "recycled";
        this.pump();
      },
      onClosed: (socket, info) => this.closedSocket(socket, info),
    };
  }

  private closedSocket(socket: ModelConnection, info: CloseInfo): void {
    this.sockets.delete(socket);
    this.options.metrics.openSockets(this.sockets.size);
    if (this.closed) return;
    if (!info.expected) {
      const recoverable = info.heartbeat || isRecoverableClose(info.code);
      this.options.log.warn(
        { socket: socket.id, code: info.code, reason: info.reason, recoverable },
        "model socket dropped",
      );
      if (recoverable) {
        this.dropStreak += 1;
        this.nextReason = info.heartbeat ? "heartbeat" : "dropped";
      } else {
        // A deliberate close (1000, policy, protocol): reopen only when a request needs it.
        this.keepWarm = false;
      }
    }
    this.pump();
  }
}
