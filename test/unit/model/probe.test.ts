import { describe, expect, it } from "vitest";
import type { Log, LogFn } from "../../../src/observability/log.js";
import { contentOf, failure, request, setup } from "./helpers.js";

function recordingLog(): Log & { lines: { level: string; text: string }[] } {
  const lines: { level: string; text: string }[] = [];
  const at =
    (level: string): LogFn =>
    (a: unknown, b?: unknown) =>
      void lines.push({ level, text: `${JSON.stringify(a)} ${typeof b === "string" ? b : ""}` });
  const log = {
    lines,
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    child: () => log,
  };
  return log;
}

describe("start-up probe", () => {
  it("opens the pool with a generate:false warm-up and reports success", async () => {
    const { fake, client } = await setup();

    const result = await client.probe();
    await client.complete(request());

    expect(result).toMatchObject({
      ok: true,
      model: "gpt-5.3-codex-spark",
      fallbackUsed: false,
      transport: "ws",
    });
    expect(fake.requests[0]?.body).toMatchObject({
      type: "response.create",
      generate: false,
      store: false,
      model: "gpt-5.3-codex-spark",
    });
    expect(fake.requests[0]?.rejected).toBeUndefined();
    // The review reused the socket the probe opened.
    expect(fake.connections).toBe(1);
  });

  it("reports a wrong key clearly, without the key", async () => {
    const log = recordingLog();
    const { client } = await setup({ apiKey: "sk-very-secret", log });

    const result = await client.probe();

    expect(result.ok).toBe(false);
    expect(result.error?.code).toBe("model_auth");
    const errors = log.lines.filter((l) => l.level === "error");
    expect(errors).toHaveLength(1);
    expect(errors[0]?.text).toContain("API key was refused");
    expect(log.lines.some((l) => l.text.includes("sk-very-secret"))).toBe(false);
  });

  it("reports an unavailable model id when there is no fallback", async () => {
    const log = recordingLog();
    const { client } = await setup({ model: "gpt-nonexistent", log });

    const result = await client.probe();

    expect(result).toMatchObject({
      ok: false,
      model: "gpt-nonexistent",
      error: expect.objectContaining({ code: "model_unavailable", retryable: false }),
    });
    expect(log.lines.find((l) => l.level === "error")?.text).toContain("model id is not available");
  });

  it("switches to the fallback model when the primary is rejected as unsupported", async () => {
    const { fake, client } = await setup({ fallbackModel: "gpt-5.1-codex-mini" });
    fake.setModels(["gpt-5.1-codex-mini"]);

    const result = await client.probe();
    const answer = await client.complete(request("after probe"));

    expect(result).toMatchObject({ ok: true, model: "gpt-5.1-codex-mini", fallbackUsed: true });
    expect(client.activeModel).toBe("gpt-5.1-codex-mini");
    expect(answer.model).toBe("gpt-5.1-codex-mini");
    expect(fake.requests.map((r) => [r.body.model, r.body.generate ?? null, r.rejected ?? null])).toEqual([
      ["gpt-5.3-codex-spark", false, "model_not_found"],
      ["gpt-5.1-codex-mini", false, null],
      ["gpt-5.1-codex-mini", null, null],
    ]);
  });

  it("uses the fallback model at request time too, once, when no probe ran", async () => {
    const { fake, client } = await setup({ fallbackModel: "gpt-5.1-codex-mini" });
    fake.setModels(["gpt-5.1-codex-mini"]);

    const first = await client.complete(request("one"));
    const second = await client.complete(request("two"));

    expect([first.model, second.model]).toEqual(["gpt-5.1-codex-mini", "gpt-5.1-codex-mini"]);
    expect(fake.requests.map((r) => [contentOf(r.body), r.body.model])).toEqual([
      ["one", "gpt-5.3-codex-spark"],
      ["one", "gpt-5.1-codex-mini"],
      ["two", "gpt-5.1-codex-mini"],
    ]);
  });

  it("does not fall back for a model the request named explicitly", async () => {
    const { fake, client } = await setup({ fallbackModel: "gpt-5.1-codex-mini" });

    const error = await failure(client.complete(request("x", { model: "gpt-other" })));

    expect(error.code).toBe("model_unavailable");
    expect(fake.requests).toHaveLength(1);
  });

  it("probes over HTTP with GET /models/{id} when the transport is http", async () => {
    const { fake, client } = await setup({
      transport: "http",
      model: "gpt-missing",
      fallbackModel: "gpt-5.1-codex-mini",
    });

    const result = await client.probe();

    expect(result).toMatchObject({
      ok: true,
      transport: "http",
      model: "gpt-5.1-codex-mini",
      fallbackUsed: true,
    });
    expect(fake.requests).toHaveLength(0);
    expect(fake.connections).toBe(0);
  });

  it("falls back to HTTP in auto mode when the upgrade is refused with 426", async () => {
    const { fake, client } = await setup({ transport: "auto" });
    fake.setBehaviour({ refuseUpgrade: { status: 426 } });

    const result = await client.probe();

    expect(result).toMatchObject({ ok: true, transport: "http" });
  });
});
