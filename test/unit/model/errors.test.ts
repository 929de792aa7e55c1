import { describe, expect, it } from "vitest";
import { ModelError } from "../../../src/errors.js";
import {
  classifyApiFailure,
  classifyErrorEvent,
  droppedError,
  isRecoverableClose,
  retryAfterMs,
} from "../../../src/model/errors.js";
import type { Scenario } from "../../fakes/model/index.js";
import { failure, request, setup } from "./helpers.js";

describe("error classification", () => {
  it.each([
    [{ status: 429, code: "rate_limit_exceeded", retryAfterMs: 2000 }, "model_rate_limited", true, 2000],
    [{ status: 429, code: "insufficient_quota" }, "model_quota", false, undefined],
    [{ status: 401, code: "invalid_api_key" }, "model_auth", false, undefined],
    [{ status: 403, code: null }, "model_auth", false, undefined],
    [{ status: 404, code: "model_not_found", param: "model" }, "model_unavailable", false, undefined],
    [{ status: 400, code: "invalid_value", param: "input" }, "model_bad_request", false, undefined],
    [{ status: 500, code: null }, "model_failed", true, undefined],
    [{ status: 503, code: null, retryAfterMs: 1000 }, "model_failed", true, 1000],
    [{ code: "server_error" }, "model_failed", true, undefined],
    [{ code: "rate_limit_exceeded" }, "model_rate_limited", true, undefined],
    [{ code: "websocket_connection_limit_reached", status: 400 }, "model_connection", true, undefined],
    [{ code: "invalid_prompt" }, "model_failed", false, undefined],
  ])("%j → %s (retryable %s)", (failureInput, code, retryable, after) => {
    const error = classifyApiFailure(failureInput, "m");
    expect(error).toBeInstanceOf(ModelError);
    expect([error.code, error.retryable, error.retryAfterMs]).toEqual([code, retryable, after]);
  });

  it("reads retry-after from error.headers, top-level headers, and accepts the status_code alias", () => {
    const nested = classifyErrorEvent({
      type: "error",
      status: 429,
      error: { code: "rate_limit_exceeded", message: "slow", headers: { "retry-after": "2" } },
    });
    const top = classifyErrorEvent({
      type: "error",
      status: 429,
      headers: { "Retry-After": "3" },
      error: { code: "rate_limit_exceeded" },
    });
    const alias = classifyErrorEvent({
      type: "error",
      status_code: 429,
      error: { code: null, message: "slow", headers: { "retry-after-ms": "1500" } },
    });
    expect([nested.code, nested.retryAfterMs]).toEqual(["model_rate_limited", 2000]);
    expect([top.code, top.retryAfterMs]).toEqual(["model_rate_limited", 3000]);
    expect([alias.code, alias.retryAfterMs]).toEqual(["model_rate_limited", 1500]);
  });

  it("reads the streaming error shape", () => {
    const error = classifyErrorEvent({
      type: "error",
      code: "server_error",
      message: "boom",
      param: null,
      sequence_number: 7,
    });
    expect([error.code, error.retryable]).toEqual(["model_failed", true]);
  });

  it("parses retry-after as seconds or an HTTP date", () => {
    const now = Date.parse("2026-11-01T00:00:00Z");
    expect(retryAfterMs({ "retry-after": "1.5" }, now)).toBe(1500);
    expect(retryAfterMs({ "retry-after": "Sun, 01 Nov 2026 00:00:04 GMT" }, now)).toBe(4000);
    expect(retryAfterMs({ "retry-after": "soon" }, now)).toBeUndefined();
    expect(retryAfterMs({}, now)).toBeUndefined();
  });

  it("falls back to the reset of the exhausted x-ratelimit limit", () => {
    const exhaustedTokens = {
      "x-ratelimit-remaining-requests": "12",
      "x-ratelimit-reset-requests": "20ms",
      "x-ratelimit-remaining-tokens": "0",
      "x-ratelimit-reset-tokens": "6m0.5s",
    };
    expect(retryAfterMs(exhaustedTokens)).toBe(360_500);
    expect(retryAfterMs({ "x-ratelimit-reset-requests": "1s", "x-ratelimit-reset-tokens": "1h2m" })).toBe(
      3_720_000,
    );
    expect(retryAfterMs({ ...exhaustedTokens, "retry-after": "2" })).toBe(2_000);
    expect(retryAfterMs({ "x-ratelimit-reset-tokens": "later" })).toBeUndefined();
  });

  it("knows which close codes deserve a reconnect and which in-flight failures are retryable", () => {
    expect([1001, 1005, 1006, 1011, 1012, 1013].every(isRecoverableClose)).toBe(true);
    expect([1000, 1002, 1003, 1007, 1008].some(isRecoverableClose)).toBe(false);
    expect(droppedError(1006, "").retryable).toBe(true);
    expect(droppedError(1008, "policy").retryable).toBe(false);
  });
});

describe("errors from the service reach the caller as ModelErrors", () => {
  const cases: [string, Scenario, string, boolean, number | undefined][] = [
    [
      "429 with error.headers",
      { kind: "error", shape: "request", status: 429, code: "rate_limit_exceeded", retryAfter: "2" },
      "model_rate_limited",
      true,
      2000,
    ],
    [
      "429 with top-level headers",
      {
        kind: "error",
        shape: "request",
        status: 429,
        code: "rate_limit_exceeded",
        retryAfter: "3",
        headersAt: "top",
      },
      "model_rate_limited",
      true,
      3000,
    ],
    [
      "429 as status_code",
      {
        kind: "error",
        shape: "request",
        status: 429,
        code: null,
        retryAfter: "1",
        statusField: "status_code",
      },
      "model_rate_limited",
      true,
      1000,
    ],
    [
      "insufficient_quota",
      { kind: "error", shape: "request", status: 429, code: "insufficient_quota" },
      "model_quota",
      false,
      undefined,
    ],
    [
      "500",
      { kind: "error", shape: "request", status: 500, code: "server_error" },
      "model_failed",
      true,
      undefined,
    ],
    [
      "401",
      { kind: "error", shape: "request", status: 401, code: "invalid_api_key" },
      "model_auth",
      false,
      undefined,
    ],
    [
      "400",
      { kind: "error", shape: "request", status: 400, code: null, param: "input" },
      "model_bad_request",
      false,
      undefined,
    ],
    [
      "streaming server_error",
      { kind: "error", shape: "streaming", code: "server_error", afterDeltas: 2 },
      "model_failed",
      true,
      undefined,
    ],
    [
      "response.failed server_error",
      { kind: "failed", code: "server_error" },
      "model_failed",
      true,
      undefined,
    ],
    [
      "response.failed invalid_prompt",
      { kind: "failed", code: "invalid_prompt" },
      "model_failed",
      false,
      undefined,
    ],
    [
      "refusal part",
      { kind: "refusal", refusal: "I can't help with that." },
      "model_refused",
      false,
      undefined,
    ],
    [
      "incomplete content_filter",
      { kind: "incomplete", reason: "content_filter", text: '{"summ' },
      "model_incomplete",
      false,
      undefined,
    ],
  ];

  it.each(cases)("%s", async (_name, scenario, code, retryable, after) => {
    const { fake, client } = await setup();
    fake.enqueue(scenario);

    const error = await failure(client.complete(request()));

    expect(error).toBeInstanceOf(ModelError);
    expect([error.code, error.retryable, error.retryAfterMs]).toEqual([code, retryable, after]);
    expect(fake.requests).toHaveLength(1);
  });

  it("keeps the socket usable after a request-level error", async () => {
    const { fake, client } = await setup();
    fake.enqueue({ kind: "error", shape: "request", status: 429, code: "rate_limit_exceeded" });

    await failure(client.complete(request()));
    const next = await client.complete(request());

    expect(next.text).toContain('"ok":true');
    expect(fake.connections).toBe(1);
  });

  it("reports a schema the service rejects as a bad request", async () => {
    const { client } = await setup();
    const loose = { name: "x", schema: { type: "object", properties: { a: { type: "string" } } } };

    const error = await failure(client.complete(request("x", { schema: loose })));

    expect([error.code, error.retryable]).toEqual(["model_bad_request", false]);
    expect(error.message).toContain("additionalProperties");
  });
});
