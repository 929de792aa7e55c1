import { ModelError } from "../errors.js";
import { ResponseAssembler, type AssembledResponse } from "./assemble.js";
import type { LaneHandle, LaneSink } from "./connection.js";
import { ConnectionLimitError } from "./errors.js";
import type { ServerEvent } from "./events.js";
import type { ConnectionPool, PoolJob } from "./pool.js";
import type { ResponseBody } from "./request.js";
import type { ExchangeContext, Transport } from "./transport.js";

/** A socket at its connection or lane limit did not start the response, so sending it elsewhere is safe. */
const MAX_RESENDS = 2;

/** Responses over the pooled sockets. */
export class WsTransport implements Transport {
  readonly kind = "ws" as const;

  constructor(private readonly pool: ConnectionPool) {}

  execute(body: ResponseBody, context: ExchangeContext): Promise<AssembledResponse> {
    return new Promise((resolve, reject) => {
      const { signal } = context;
      if (signal.aborted) return reject(signal.reason as ModelError);
      let handle: LaneHandle | undefined;
      let assembler = new ResponseAssembler(body.model, context.onFirstToken, context.onText);
      let resends = 0;
      let settled = false;

      const settle = (outcome: () => void): void => {
        if (settled) return;
        settled = true;
        signal.removeEventListener("abort", onAbort);
        outcome();
      };
      const sink: LaneSink = {
        event: (event: ServerEvent) => {
          if (settled) return;
          const outcome = assembler.push(event);
          if (!outcome) return;
          handle = undefined;
          if (outcome.ok) {
            context.onUsage(outcome.response.usage);
            return settle(() => resolve(outcome.response));
          }
          if (outcome.usage) context.onUsage(outcome.usage);
          if (outcome.error instanceof ConnectionLimitError && resends < MAX_RESENDS) {
            resends += 1;
            // The service never started it: no text was handed over, nothing to take back.
            context.onResend();
            return this.pool.enqueue(job);
          }
          settle(() => reject(outcome.error));
        },
        fail: (error: ModelError) => {
          handle = undefined;
          settle(() => reject(assembler?.started ? startedCopy(error) : error));
        },
      };
      const job: PoolJob = {
        start: (socket) => {
          if (settled) return;
          assembler = new ResponseAssembler(body.model, context.onFirstToken, context.onText);
          try {
            handle = socket.send(body, sink);
          } catch (error) {
            // The socket went away between the pool's choice and the send: nothing left our side.
            sink.fail(
              new ModelError("model_connection", `model socket unusable: ${String(error)}`, {
                retryable: true,
              }),
            );
          }
        },
        fail: sink.fail,
      };
      const onAbort = (): void => {
        if (handle) handle.abandon();
        else this.pool.cancel(job);
        handle = undefined;
        settle(() => reject(signal.reason as ModelError));
      };
      signal.addEventListener("abort", onAbort, { once: true });
      this.pool.enqueue(job);
    });
  }

  /** Opens `sockets` sockets ahead of the first request. */
  warmUp(sockets: number): Promise<void> {
    return this.pool.warmUp(sockets);
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/** The same failure, marked as one the service had started (and so bills) before it was lost. */
function startedCopy(error: ModelError): ModelError {
  return new ModelError(error.code, error.message, {
    retryable: error.retryable,
    ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
    cause: error,
    billed: true,
  });
}
