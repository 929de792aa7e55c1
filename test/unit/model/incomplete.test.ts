import { describe, expect, it } from "vitest";
import { ModelIncompleteError } from "../../../src/model/index.js";
import { failure, recordingMetrics, request, setup } from "./helpers.js";

const LONG = JSON.stringify({ summary: "x".repeat(200), note: null });

describe("response.incomplete with max_output_tokens", () => {
  it("asks once more with a larger budget and sums both attempts' usage", async () => {
    const metrics = recordingMetrics();
    const { fake, client } = await setup({ metrics });
    fake.script(() => ({ kind: "text", text: LONG, reasoningTokens: 10 }));

    const result = await client.complete(request("big", { maxOutputTokens: 40 }));

    expect(result.text).toBe(LONG);
    expect(fake.requests.map((r) => r.body.max_output_tokens)).toEqual([40, 80]);
    // First: cut at the budget of 40 (10 reasoning + 30 text). Second: the whole text + 10 reasoning.
    expect(result.usage.outputTokens).toBe(40 + Math.ceil(LONG.length / 4) + 10);
    expect(result.usage.reasoningTokens).toBe(20);
    expect(metrics.of("retry")).toEqual([
      ["max_output_tokens", { model: "gpt-5.3-codex-spark", transport: "ws" }],
    ]);
  });

  it("gives up after the one retry with a final model_incomplete", async () => {
    const { fake, client } = await setup();
    fake.script(() => ({ kind: "text", text: "y".repeat(2000), reasoningTokens: 10 }));

    const error = await failure(client.complete(request("huge", { maxOutputTokens: 40 })));

    expect(error).toBeInstanceOf(ModelIncompleteError);
    expect([error.code, error.retryable]).toEqual(["model_incomplete", false]);
    expect(fake.requests).toHaveLength(2);
  });

  it("does not retry when the request set no budget of its own", async () => {
    const { fake, client } = await setup();
    fake.enqueue({ kind: "incomplete", reason: "max_output_tokens", text: '{"summary":' });

    const error = await failure(client.complete(request()));

    expect(error.code).toBe("model_incomplete");
    expect(fake.requests).toHaveLength(1);
  });

  it("caps the larger budget at maxOutputTokensCeiling", async () => {
    const { fake, client } = await setup({ maxOutputTokensCeiling: 50 });
    fake.script(() => ({ kind: "text", text: LONG, reasoningTokens: 10 }));

    await failure(client.complete(request("big", { maxOutputTokens: 40 })));

    expect(fake.requests.map((r) => r.body.max_output_tokens)).toEqual([40, 50]);
  });
});
