import { describe, expect, it } from "vitest";
import { DEFAULT_MODEL } from "../../../src/model/index.js";
import { SCHEMA, failure, request, setup } from "./helpers.js";

describe("transport http: POST /v1/responses with SSE", () => {
  it("sends the same body with stream: true and without socket-only fields", async () => {
    const { fake, client } = await setup({ transport: "http" });

    const result = await client.complete(
      request("diff", { maxOutputTokens: 500, effort: "high", promptCacheKey: "repo-9" }),
    );

    expect(result.text).toContain('"ok":true');
    expect(result.usage.reasoningTokens).toBe(64);
    expect(fake.connections).toBe(0);
    expect(fake.requests[0]?.transport).toBe("http");
    expect(fake.requests[0]?.body).toEqual({
      model: DEFAULT_MODEL,
      instructions: "You review code.",
      input: [{ role: "user", content: "diff" }],
      store: false,
      text: { format: { type: "json_schema", name: "review", strict: true, schema: SCHEMA.schema } },
      max_output_tokens: 500,
      reasoning: { effort: "high" },
      prompt_cache_key: "repo-9",
      stream: true,
    });
    expect(fake.requests[0]?.headers).toMatchObject({
      accept: "text/event-stream",
      "content-type": "application/json",
    });
  });

  it.each(["full", "sparse"] as const)("assembles the %s event variant", async (variant) => {
    const { fake, client } = await setup({ transport: "http" });
    fake.enqueue({ kind: "text", text: '{"summary":"sse","note":null}', variant });

    const result = await client.complete(request());

    expect(result.text).toBe('{"summary":"sse","note":null}');
  });

  it("maps an HTTP 429 with Retry-After to a retryable model_rate_limited", async () => {
    const { fake, client } = await setup({ transport: "http" });
    fake.enqueue({
      kind: "error",
      shape: "request",
      status: 429,
      code: "rate_limit_exceeded",
      retryAfter: "4",
    });

    const error = await failure(client.complete(request()));

    expect([error.code, error.retryable, error.retryAfterMs]).toEqual(["model_rate_limited", true, 4000]);
  });

  it("maps a streaming error event and a refusal", async () => {
    const { fake, client } = await setup({ transport: "http" });
    fake.enqueue(
      { kind: "error", shape: "streaming", code: "server_error" },
      { kind: "refusal", refusal: "no" },
    );

    const streaming = await failure(client.complete(request()));
    const refused = await failure(client.complete(request()));

    expect([streaming.code, streaming.retryable]).toEqual(["model_failed", true]);
    expect([refused.code, refused.retryable]).toEqual(["model_refused", false]);
  });

  it("fails a stream cut mid-way with a retryable model_connection", async () => {
    const { fake, client } = await setup({ transport: "http" });
    fake.enqueue({ kind: "drop", closeCode: 1006, afterDeltas: 2 });

    const error = await failure(client.complete(request()));

    expect([error.code, error.retryable]).toEqual(["model_connection", true]);
    expect(fake.requests).toHaveLength(1);
  });

  it("maps a wrong key to model_auth", async () => {
    const { fake, client } = await setup({ transport: "http", apiKey: "sk-nope" });

    const error = await failure(client.complete(request()));

    expect([error.code, error.retryable]).toEqual(["model_auth", false]);
    expect(fake.requests.map((r) => [r.auth, r.rejected])).toEqual([["wrong", "invalid_api_key"]]);
    expect(fake.requests[0]?.headers).not.toHaveProperty("authorization");
  });

  it("aborts a streaming request", async () => {
    const { fake, client } = await setup({ transport: "http", requestTimeoutMs: 100 });
    fake.enqueue({ kind: "hang" });

    const error = await failure(client.complete(request()));

    expect([error.code, error.retryable]).toEqual(["model_timeout", true]);
  });
});
