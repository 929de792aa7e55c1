import { describe, expect, it } from "vitest";
import { ConnectError } from "../../../src/model/index.js";
import { contentOf, failure, request, setup, sleep } from "./helpers.js";

describe("a refused WebSocket upgrade", () => {
  it("401: a wrong key is a final model_auth error, tried once", async () => {
    const { fake, client } = await setup({ apiKey: "sk-wrong" });

    const error = await failure(client.complete(request()));

    expect(error).toBeInstanceOf(ConnectError);
    expect([error.code, error.retryable]).toEqual(["model_auth", false]);
    expect(fake.upgrades.map((u) => [u.auth, u.status])).toEqual([["wrong", 401]]);
    expect(error.message).not.toContain("sk-wrong");
  });

  it("429: retryable model_rate_limited with the Retry-After, and no new upgrade before it passes", async () => {
    const { fake, client } = await setup();
    fake.setBehaviour({ refuseUpgrade: { status: 429, retryAfter: "7" } });

    const error = await failure(client.complete(request()));
    const again = await failure(client.complete(request()));

    expect([error.code, error.retryable, error.retryAfterMs]).toEqual(["model_rate_limited", true, 7000]);
    expect([again.code, again.retryable]).toEqual(["model_rate_limited", true]);
    expect(again.retryAfterMs).toBeGreaterThan(0);
    expect(again.retryAfterMs).toBeLessThanOrEqual(7000);
    expect(fake.upgrades).toHaveLength(1);
  });

  it("426 in ws mode: a final error that points at the transport setting", async () => {
    const { fake, client } = await setup({ transport: "ws" });
    fake.setBehaviour({ refuseUpgrade: { status: 426 } });

    const error = await failure(client.complete(request()));

    expect([error.code, error.retryable]).toEqual(["model_connection", false]);
    expect(error.message).toContain("426");
    expect(fake.requests).toHaveLength(0);
  });

  it("503 repeatedly in ws mode: retried with backoff up to maxConnectAttempts, then retryable", async () => {
    const { fake, client } = await setup({ maxConnectAttempts: 3 });
    fake.setBehaviour({ refuseUpgrade: { status: 503 } });

    const error = await failure(client.complete(request()));

    expect([error.code, error.retryable]).toEqual(["model_failed", true]);
    expect(fake.upgrades.map((u) => u.status)).toEqual([503, 503, 503]);
  });

  it("an unreachable service is a retryable model_connection", async () => {
    const { fake, client } = await setup({ maxConnectAttempts: 2 });
    await fake.close();

    const error = await failure(client.complete(request()));

    expect([error.code, error.retryable]).toEqual(["model_connection", true]);
  });
});

describe("transport auto", () => {
  it("falls back to HTTPS/SSE on 426 and returns to the socket after httpFallbackMs", async () => {
    // A window long enough for two requests on a loaded machine.
    const { fake, client } = await setup({ transport: "auto", httpFallbackMs: 1_000 });
    fake.setBehaviour({ refuseUpgrade: { status: 426 } });

    const first = await client.complete(request("one"));
    // The window began with the refusal, before `first` ended: it is over by this time.
    const windowOver = Date.now() + 1_000;
    const second = await client.complete(request("two"));
    fake.setBehaviour({ refuseUpgrade: null });
    // The end of the fallback window is what is tested: only the clock ends it.
    await sleep(windowOver + 20 - Date.now());
    const third = await client.complete(request("three"));

    expect([first.text, second.text, third.text].every((t) => t.includes('"ok":true'))).toBe(true);
    expect(fake.requests.map((r) => [contentOf(r.body), r.transport])).toEqual([
      ["one", "http"],
      ["two", "http"],
      ["three", "ws"],
    ]);
    // The socket was tried once, then left alone until the fallback window ended.
    expect(fake.upgrades.map((u) => u.status)).toEqual([426, 101]);
    expect(client.activeTransport).toBe("ws");
  });

  it("falls back after maxConnectAttempts failed upgrades", async () => {
    const { fake, client } = await setup({ transport: "auto", maxConnectAttempts: 2 });
    fake.setBehaviour({ refuseUpgrade: { status: 503 } });

    const result = await client.complete(request());

    expect(result.text).toContain('"ok":true');
    expect(fake.upgrades.map((u) => u.status)).toEqual([503, 503]);
    expect(fake.requests.map((r) => r.transport)).toEqual(["http"]);
    expect(client.activeTransport).toBe("http");
  });

  it("does not fall back on 401: HTTP would refuse the key too", async () => {
    const { fake, client } = await setup({ transport: "auto", apiKey: "sk-wrong" });

    const error = await failure(client.complete(request()));

    expect(error.code).toBe("model_auth");
    expect(fake.requests).toHaveLength(0);
  });
});
