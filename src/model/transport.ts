import type { ModelUsage } from "../review/ports.js";
import type { AssembledResponse } from "./assemble.js";
import type { ModelTransportKind } from "./metrics.js";
import type { ResponseBody } from "./request.js";

/** Per-exchange hooks and the signal that ends it (its `reason` is the ModelError to reject with). */
export interface ExchangeContext {
  signal: AbortSignal;
  onFirstToken(): void;
  /** Tokens billed for a response that ended, well or not. */
  onUsage(usage: ModelUsage): void;
  /** The transport sent the request again because the service never started it. */
  onResend(): void;
  /** Each output-text delta, when the caller streams. */
  onText?(delta: string): void;
}

/** One response over one wire. Rejects with ModelError only. */
export interface Transport {
  readonly kind: ModelTransportKind;
  execute(body: ResponseBody, context: ExchangeContext): Promise<AssembledResponse>;
  close(): Promise<void>;
}
