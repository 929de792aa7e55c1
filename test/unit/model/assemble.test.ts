import { describe, expect, it } from "vitest";
import { ResponseAssembler } from "../../../src/model/assemble.js";
import { parseServerFrame, type ServerEvent } from "../../../src/model/events.js";

function events(...frames: Record<string, unknown>[]): ServerEvent[] {
  return frames.map((frame) => {
    const parsed = parseServerFrame(frame);
    if (parsed.kind !== "event") throw new Error(`not an event: ${JSON.stringify(frame)}`);
    return parsed.event;
  });
}

const created = { type: "response.created", response: { id: "resp_1", model: "m-1", status: "in_progress" } };
const usage = {
  input_tokens: 10,
  input_tokens_details: { cached_tokens: 4 },
  output_tokens: 7,
  output_tokens_details: { reasoning_tokens: 3 },
};
const completed = (extra: Record<string, unknown> = {}) => ({
  type: "response.completed",
  response: { id: "resp_1", status: "completed", usage, ...extra },
});
const message = (text: string) => ({
  type: "message",
  role: "assistant",
  content: [{ type: "output_text", text }],
});

function run(list: ServerEvent[]) {
  const assembler = new ResponseAssembler("requested");
  let outcome;
  for (const event of list) outcome = assembler.push(event) ?? outcome;
  return outcome;
}

describe("ResponseAssembler", () => {
  it("prefers output_item.done items, ordered by output_index, over the deltas", () => {
    const outcome = run(
      events(
        created,
        { type: "response.output_text.delta", output_index: 2, content_index: 0, delta: "ignored" },
        { type: "response.output_item.done", output_index: 2, item: message("world") },
        { type: "response.output_item.done", output_index: 0, item: { type: "reasoning", summary: [] } },
        { type: "response.output_item.done", output_index: 1, item: message("hello ") },
        completed(),
      ),
    );
    expect(outcome).toEqual({
      ok: true,
      response: {
        text: "hello world",
        responseId: "resp_1",
        model: "m-1",
        usage: { inputTokens: 10, cachedInputTokens: 4, outputTokens: 7, reasoningTokens: 3 },
      },
    });
  });

  it("uses completed.output when no item.done came", () => {
    const outcome = run(
      events(created, completed({ output: [{ type: "reasoning" }, message("from completed")] })),
    );
    expect(outcome).toMatchObject({ ok: true, response: { text: "from completed" } });
  });

  it("falls back to the deltas (no added events, completed without output)", () => {
    const outcome = run(
      events(
        created,
        { type: "response.output_text.delta", output_index: 0, content_index: 0, delta: '{"a":' },
        { type: "response.output_text.delta", output_index: 0, content_index: 0, delta: "1}" },
        completed(),
      ),
    );
    expect(outcome).toMatchObject({ ok: true, response: { text: '{"a":1}' } });
  });

  it("turns a refusal part into model_refused", () => {
    const outcome = run(
      events(
        created,
        { type: "response.refusal.delta", output_index: 0, content_index: 0, delta: "I can't" },
        { type: "response.refusal.done", output_index: 0, content_index: 0, refusal: "I can't help." },
        completed(),
      ),
    );
    expect(outcome).toMatchObject({ ok: false, error: { code: "model_refused", retryable: false } });
  });

  it("reports the first token once", () => {
    let calls = 0;
    const assembler = new ResponseAssembler("m", () => (calls += 1));
    for (const event of events(
      { type: "response.output_text.delta", output_index: 0, content_index: 0, delta: "a" },
      { type: "response.output_text.delta", output_index: 0, content_index: 0, delta: "b" },
    ))
      assembler.push(event);
    expect(calls).toBe(1);
  });

  it("ignores unknown event types and flags malformed known ones", () => {
    expect(parseServerFrame({ type: "response.reasoning_summary_text.delta", stream_id: "x" })).toEqual({
      kind: "ignored",
      type: "response.reasoning_summary_text.delta",
      streamId: "x",
    });
    expect(parseServerFrame({ type: "response.output_text.delta", stream_id: "x" })).toMatchObject({
      kind: "malformed",
      streamId: "x",
    });
    expect(parseServerFrame("nope")).toMatchObject({ kind: "malformed" });
  });
});
