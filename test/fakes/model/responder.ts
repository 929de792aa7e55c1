import { requestErrorEvent, errorType, type CreateBody } from "./protocol.js";
import type { FakeBehaviour, Scenario } from "./scenario.js";
import { Writer, inputTokens, tokenize, usage, type Channel } from "./writer.js";

export type { Channel } from "./writer.js";

export interface ResponderOptions {
  behaviour: FakeBehaviour;
  /** (prompt_cache_key, instructions) pairs seen before: their instructions count as cached tokens. */
  cache: Set<string>;
}

const REASONING_BY_EFFORT: Record<string, number> = {
  none: 0,
  minimal: 4,
  low: 8,
  medium: 24,
  high: 64,
  xhigh: 128,
};

type PartKind = "output_text" | "refusal";

const part = (kind: PartKind, text: string): Record<string, unknown> =>
  kind === "output_text"
    ? { type: "output_text", text, annotations: [] }
    : { type: "refusal", refusal: text };

/** Streams one message part; returns how many tokens went out, or undefined when it stopped early. */
async function streamPart(
  w: Writer,
  kind: PartKind,
  text: string,
  stopAfter: number | undefined,
): Promise<number | undefined> {
  const full = w.variant === "full";
  const index = {
    output_index: w.body.reasoning?.effort === "none" ? 0 : 1,
    content_index: 0,
    item_id: w.messageId,
  };
  if (full) {
    w.send("response.output_item.added", {
      output_index: index.output_index,
      item: { id: w.messageId, type: "message", status: "in_progress", role: "assistant", content: [] },
    });
    w.send("response.content_part.added", { ...index, part: part(kind, "") });
  }
  const tokens = tokenize(text);
  const deltaType = kind === "output_text" ? "response.output_text.delta" : "response.refusal.delta";
  for (const [i, token] of tokens.entries()) {
    if (stopAfter !== undefined && i >= stopAfter) return undefined;
    if (!(await w.pace())) return undefined;
    w.send(deltaType, { ...index, delta: token, ...(kind === "output_text" ? { logprobs: [] } : {}) });
  }
  if (stopAfter !== undefined) return undefined;
  if (full) {
    if (kind === "output_text") w.send("response.output_text.done", { ...index, text, logprobs: [] });
    else w.send("response.refusal.done", { ...index, refusal: text });
    w.send("response.content_part.done", { ...index, part: part(kind, text) });
  }
  w.send("response.output_item.done", {
    output_index: index.output_index,
    item: {
      id: w.messageId,
      type: "message",
      status: "completed",
      role: "assistant",
      content: [part(kind, text)],
    },
  });
  return tokens.length;
}

/** Replays one scripted answer as the service would stream it. */
export async function respond(
  body: CreateBody,
  scenario: Scenario,
  channel: Channel,
  options: ResponderOptions,
): Promise<void> {
  const b = options.behaviour;
  if (scenario.kind === "error" && scenario.shape === "request") {
    const error = {
      status: scenario.status,
      type: scenario.type ?? errorType(scenario.status),
      code: scenario.code,
      message: scenario.message ?? `scripted ${scenario.status}`,
      param: scenario.param ?? null,
    };
    channel.send(requestErrorEvent(error, scenario));
    return;
  }
  const variant = scenario.kind === "text" ? (scenario.variant ?? b.variant) : b.variant;
  const ttft = scenario.kind === "text" ? (scenario.ttftMs ?? b.ttftMs) : b.ttftMs;
  const rate =
    scenario.kind === "text" && scenario.tokensPerSecond !== undefined
      ? scenario.tokensPerSecond
      : b.tokensPerSecond;
  const w = new Writer(body, channel, variant, ttft, rate);
  const inputs = inputTokens(body);
  const cacheKey = `${body.prompt_cache_key ?? ""}\u0000${body.instructions ?? ""}`;
  const cached =
    body.prompt_cache_key !== undefined && options.cache.has(cacheKey)
      ? tokenize(body.instructions ?? "").length
      : 0;
  if (body.prompt_cache_key !== undefined) options.cache.add(cacheKey);

  w.send("response.created", { response: w.object("in_progress") });
  if ("generate" in body && body.generate === false) {
    w.send("response.completed", { response: w.object("completed", { usage: usage(inputs, cached, 0, 0) }) });
    return;
  }
  if (variant === "full") w.send("response.in_progress", { response: w.object("in_progress") });

  const effort = body.reasoning?.effort ?? "medium";
  const reasoning =
    scenario.kind === "text" && scenario.reasoningTokens !== undefined
      ? scenario.reasoningTokens
      : (REASONING_BY_EFFORT[effort] ?? 24);
  const reasoningItem = { id: w.reasoningId, type: "reasoning", summary: [] };
  if (effort !== "none") {
    if (variant === "full") w.send("response.output_item.added", { output_index: 0, item: reasoningItem });
    w.send("response.output_item.done", { output_index: 0, item: reasoningItem });
  }

  switch (scenario.kind) {
    case "text":
    case "refusal": {
      const kind: PartKind = scenario.kind === "text" ? "output_text" : "refusal";
      const text = scenario.kind === "text" ? scenario.text : scenario.refusal;
      const budget =
        body.max_output_tokens === undefined ? undefined : Math.max(0, body.max_output_tokens - reasoning);
      const needed = tokenize(text).length;
      if (budget !== undefined && needed > budget) {
        await streamPart(w, kind, text, budget);
        w.send("response.incomplete", {
          response: w.object("incomplete", {
            incomplete_details: { reason: "max_output_tokens" },
            usage: usage(inputs, cached, budget, reasoning),
          }),
        });
        return;
      }
      const sent = await streamPart(w, kind, text, undefined);
      if (sent === undefined) return;
      const message = {
        id: w.messageId,
        type: "message",
        status: "completed",
        role: "assistant",
        content: [part(kind, text)],
      };
      const output = effort === "none" ? [message] : [reasoningItem, message];
      // Over the socket, `completed` may leave `output` out entirely.
      const extra = variant === "full" ? { output } : { output: undefined };
      w.send("response.completed", {
        response: w.object("completed", { ...extra, usage: usage(inputs, cached, sent, reasoning) }),
      });
      return;
    }
    case "failed":
      w.send("response.failed", {
        response: w.object("failed", {
          error: { code: scenario.code, message: scenario.message ?? "scripted failure" },
        }),
      });
      return;
    case "incomplete":
      await streamPart(w, "output_text", scenario.text ?? "", tokenize(scenario.text ?? "").length);
      w.send("response.incomplete", {
        response: w.object("incomplete", {
          incomplete_details: { reason: scenario.reason },
          usage: usage(inputs, cached, 0, reasoning),
        }),
      });
      return;
    case "error":
      await streamPart(w, "output_text", scenario.text ?? "partial answer", scenario.afterDeltas ?? 1);
      if (channel.isOpen())
        w.send("error", {
          code: scenario.code,
          message: scenario.message ?? "scripted streaming error",
          param: null,
        });
      return;
    case "drop":
      await streamPart(
        w,
        "output_text",
        scenario.text ?? "partial answer that never ends",
        scenario.afterDeltas ?? 2,
      );
      channel.drop(scenario.closeCode);
      return;
    case "hang":
      await streamPart(
        w,
        "output_text",
        scenario.text ?? "partial answer that never ends",
        scenario.afterDeltas ?? 1,
      );
      await channel.closed;
      return;
  }
}
