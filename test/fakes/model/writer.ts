import { randomBytes } from "node:crypto";
import type { CreateBody } from "./protocol.js";
import type { EventVariant } from "./scenario.js";

/** Where a response's events go: one socket lane, or one SSE body. */
export interface Channel {
  /** False once the peer is gone. */
  send(event: Record<string, unknown>): boolean;
  isOpen(): boolean;
  /** Resolves when the peer is gone. */
  readonly closed: Promise<void>;
  /** Kill the transport mid-stream (close code for sockets; HTTP just destroys the connection). */
  drop(code: number): void;
}

/** Four characters per token: crude, deterministic, good enough for usage and pacing. */
export function tokenize(text: string): string[] {
  return text.match(/[\s\S]{1,4}/g) ?? [];
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const run = randomBytes(6).toString("hex");
let counter = 0;
const id = (prefix: string): string => `${prefix}_${run}${(counter += 1).toString(16).padStart(8, "0")}`;

export function inputTokens(body: CreateBody): number {
  const messages = typeof body.input === "string" ? [{ content: body.input }] : body.input;
  let total = tokenize(body.instructions ?? "").length;
  for (const message of messages) {
    total +=
      4 +
      (typeof message.content === "string" ? tokenize(message.content).length : 8 * message.content.length);
  }
  return total;
}

export class Writer {
  private seq = 0;
  readonly id = id("resp");
  readonly messageId = id("msg");
  readonly reasoningId = id("rs");
  private readonly createdAt = Math.floor(Date.now() / 1000);
  private readonly started = Date.now();
  private firstTokenAt: number | undefined;
  private tokensSent = 0;

  constructor(
    readonly body: CreateBody,
    private readonly channel: Channel,
    readonly variant: EventVariant,
    private readonly ttftMs: number,
    private readonly tokensPerSecond: number | null,
  ) {}

  send(type: string, fields: Record<string, unknown> = {}): boolean {
    return this.channel.send({ type, ...fields, sequence_number: this.seq++ });
  }

  object(status: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
    const b = this.body;
    return {
      id: this.id,
      object: "response",
      created_at: this.createdAt,
      status,
      model: b.model,
      instructions: b.instructions ?? null,
      max_output_tokens: b.max_output_tokens ?? null,
      reasoning: { effort: b.reasoning?.effort ?? "medium", summary: null },
      text: b.text ?? { format: { type: "text" } },
      prompt_cache_key: b.prompt_cache_key ?? null,
      store: b.store ?? true,
      error: null,
      incomplete_details: null,
      output: [],
      usage: null,
      ...extra,
    };
  }

  /** Waits for the TTFT before the first token, then for the token rate. */
  async pace(): Promise<boolean> {
    const now = Date.now();
    if (this.firstTokenAt === undefined) {
      this.firstTokenAt = this.started + this.ttftMs;
      if (this.firstTokenAt > now) await sleep(this.firstTokenAt - now);
    } else if (this.tokensPerSecond) {
      const due = this.firstTokenAt + (this.tokensSent * 1000) / this.tokensPerSecond;
      if (due > Date.now()) await sleep(due - Date.now());
    }
    this.tokensSent += 1;
    return this.channel.isOpen();
  }
}

export function usage(
  inputs: number,
  cached: number,
  text: number,
  reasoning: number,
): Record<string, unknown> {
  return {
    input_tokens: inputs,
    input_tokens_details: { cached_tokens: cached },
    output_tokens: text + reasoning,
    output_tokens_details: { reasoning_tokens: reasoning },
    total_tokens: inputs + text + reasoning,
  };
}
