import { describe, expect, it } from "vitest";
import { backoffDelay } from "../../../src/backoff.js";
import { LaneTable, STREAM_ID_PATTERN } from "../../../src/model/lanes.js";
import { resolveModelOptions, socketUrl } from "../../../src/model/options.js";
import { SseParser, type SseMessage } from "../../../src/model/sse.js";

describe("socketUrl", () => {
  it.each([
    ["https://api.openai.com/v1", "wss://api.openai.com/v1/responses"],
    ["http://127.0.0.1:4000/v1/", "ws://127.0.0.1:4000/v1/responses"],
    ["https://proxy.example/openai/v1", "wss://proxy.example/openai/v1/responses"],
  ])("%s → %s", (base, expected) => expect(socketUrl(base)).toBe(expected));

  it("rejects other schemes and bad limits", () => {
    expect(() => socketUrl("ftp://x/v1")).toThrow(/http/);
    expect(() => resolveModelOptions({ apiKey: "k", maxInFlightPerSocket: 17 })).toThrow(/1–16/);
    expect(() => resolveModelOptions({ apiKey: "" })).toThrow(/apiKey/);
  });

  it("has the documented defaults", () => {
    const o = resolveModelOptions({ apiKey: "k" });
    expect([o.baseUrl, o.model, o.transport, o.maxInFlightPerSocket, o.maxConnectionAgeMs]).toEqual([
      "https://api.openai.com/v1",
      "gpt-5.3-codex-spark",
      "ws",
      16,
      55 * 60_000,
    ]);
  });
});

describe("backoffDelay", () => {
  it("doubles per attempt up to the cap, with half of it jittered", () => {
    expect(backoffDelay(0, 100, 1000, () => 0.5)).toBe(0);
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, 100, 1000, () => 0))).toEqual([50, 100, 200, 400, 500]);
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, 100, 1000, () => 1))).toEqual([
      100, 200, 400, 800, 1000,
    ]);
  });
});

describe("LaneTable", () => {
  it("hands out valid names, least recently used first, and keeps abandoned lanes busy until released", () => {
    const lanes = new LaneTable<string>("lane-", 3);
    const a = lanes.open("a");
    const b = lanes.open("b");
    expect([a, b]).toEqual(["lane-0", "lane-1"]);
    expect(STREAM_ID_PATTERN.test(a ?? "")).toBe(true);

    lanes.abandon("lane-0", "a");
    expect([lanes.live, lanes.draining, lanes.route("lane-0")]).toEqual([1, 1, undefined]);
    expect(lanes.open("c")).toBe("lane-2");
    expect(lanes.open("d")).toBeUndefined();

    lanes.release("lane-0");
    lanes.release("lane-1");
    expect(lanes.open("e")).toBe("lane-0");
    expect(lanes.route("lane-0")).toBe("e");
    expect(lanes.drain().sort()).toEqual(["c", "e"]);
    expect(lanes.live).toBe(0);
  });

  it("ignores an abandon from a sink that no longer owns the lane", () => {
    const lanes = new LaneTable<string>("l", 2);
    lanes.open("old");
    lanes.release("l0");
    lanes.open("x");
    lanes.open("new");
    lanes.abandon("l0", "old");
    expect(lanes.route("l0")).toBe("new");
  });
});

describe("SseParser", () => {
  it("handles CRLF split across chunks, multi-line data, comments and events without a name", () => {
    const messages: SseMessage[] = [];
    const parser = new SseParser((m) => messages.push(m));
    for (const chunk of [
      ": keep-alive\r",
      "\nevent: a\r",
      '\ndata: {"x":',
      "1}\r\n\r\n",
      "data: line1\ndata: line2\n\n",
      "event: b\rdata:no-space\r\r",
      ": next",
    ]) {
      parser.push(chunk);
    }
    expect(messages).toEqual([
      { event: "a", data: '{"x":1}' },
      { event: undefined, data: "line1\nline2" },
      { event: "b", data: "no-space" },
    ]);
  });
});
