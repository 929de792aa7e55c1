import { describe, expect, it } from "vitest";
import { DEFAULT_MODEL } from "../../../src/model/index.js";
import { SCHEMA, request, setup } from "./helpers.js";

describe("complete() over the socket", () => {
  it("sends exactly the response.create fields the service expects", async () => {
    const { fake, client } = await setup({ organization: "org-1", project: "proj-1" });

    await client.complete(
      request("diff here", { maxOutputTokens: 900, effort: "low", promptCacheKey: "repo-42" }),
    );

    expect(fake.requests).toHaveLength(1);
    const received = fake.requests[0];
    expect(received?.transport).toBe("ws");
    expect(received?.rejected).toBeUndefined();
    expect(received?.body).toEqual({
      type: "response.create",
      model: DEFAULT_MODEL,
      instructions: "You review code.",
      input: [{ role: "user", content: "diff here" }],
      store: false,
      text: { format: { type: "json_schema", name: "review", strict: true, schema: SCHEMA.schema } },
      max_output_tokens: 900,
      reasoning: { effort: "low" },
      prompt_cache_key: "repo-42",
      stream_id: expect.stringMatching(/^[A-Za-z0-9_.-]{1,256}$/),
    });
    expect(received?.body).not.toHaveProperty("stream");
    expect(received?.body).not.toHaveProperty("background");
    expect(received?.body).not.toHaveProperty("stream_options");
    expect(fake.upgrades).toEqual([
      expect.objectContaining({
        auth: "ok",
        status: 101,
        headers: expect.objectContaining({ "openai-organization": "org-1", "openai-project": "proj-1" }),
      }),
    ]);
    expect(fake.upgrades[0]?.headers).not.toHaveProperty("authorization");
  });

  it("omits optional fields the request does not set", async () => {
    const { fake, client } = await setup();

    await client.complete(request());

    const body = fake.requests[0]?.body ?? {};
    expect(Object.keys(body).sort()).toEqual([
      "input",
      "instructions",
      "model",
      "store",
      "stream_id",
      "text",
      "type",
    ]);
  });

  it("returns the text, the response id, the model and usage with cached and reasoning tokens", async () => {
    const { fake, client } = await setup();
    fake.script(() => ({ kind: "text", text: '{"summary":"fine","note":null}', reasoningTokens: 12 }));

    const first = await client.complete(request("a", { promptCacheKey: "repo-1" }));
    const second = await client.complete(request("b", { promptCacheKey: "repo-1" }));

    expect(first.text).toBe('{"summary":"fine","note":null}');
    expect(first.responseId).toMatch(/^resp_/);
    expect(first.model).toBe(DEFAULT_MODEL);
    // 30 characters = 8 fake tokens, plus reasoning; instructions are 4 tokens, each message 4 + its own.
    expect(first.usage).toEqual({
      inputTokens: 9,
      cachedInputTokens: 0,
      outputTokens: 20,
      reasoningTokens: 12,
    });
    expect(second.usage.cachedInputTokens).toBe(4);
    expect(second.responseId).not.toBe(first.responseId);
  });

  it("uses the model named by the request over the configured one", async () => {
    const { fake, client } = await setup();

    const result = await client.complete(request("x", { model: "gpt-5.1-codex-mini" }));

    expect(fake.requests[0]?.body.model).toBe("gpt-5.1-codex-mini");
    expect(result.model).toBe("gpt-5.1-codex-mini");
  });

  it("reuses one socket for sequential requests", async () => {
    const { fake, client } = await setup();

    for (let i = 0; i < 20; i += 1) await client.complete(request(`n${i}`));

    expect(fake.connections).toBe(1);
    expect(fake.upgrades).toHaveLength(1);
    expect(fake.requests.map((r) => r.connection)).toEqual(Array(20).fill(1));
  });
});

describe("close()", () => {
  it("refuses new requests with a retryable error and sends nothing", async () => {
    const { fake, client } = await setup();
    await client.complete(request("before"));

    await client.close();
    const error = await client
      .complete(request("after"))
      .catch((e: unknown) => e as { code: string; retryable: boolean });

    expect(error).toMatchObject({ code: "model_connection", retryable: true });
    expect(fake.requests).toHaveLength(1);
  });

  it("fails requests in flight with a retryable error", async () => {
    const { fake, client } = await setup();
    fake.enqueue({ kind: "hang" });

    const pending = client
      .complete(request())
      .catch((e: unknown) => e as { code: string; retryable: boolean });
    while (fake.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    await client.close();

    expect(await pending).toMatchObject({ code: "model_connection", retryable: true });
  });
});
