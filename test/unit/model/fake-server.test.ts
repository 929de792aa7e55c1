import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { startFakeModel, type FakeModel } from "../../fakes/model/index.js";
import { SCHEMA } from "./helpers.js";

/*
 * The fake must reject what the service rejects and enforce its per-socket limits, or the client
 * tests prove nothing. These talk to it with a bare `ws` socket.
 */

let fake: FakeModel;
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  await fake.close();
});

type Frame = Record<string, unknown> & { type: string; stream_id?: string };

async function connect(key = fake.apiKey): Promise<{ ws: WebSocket; frames: Frame[] }> {
  const ws = new WebSocket(fake.wsUrl, {
    headers: { Authorization: `Bearer ${key}` },
    perMessageDeflate: false,
  });
  sockets.push(ws);
  const frames: Frame[] = [];
  ws.on("message", (data) => frames.push(JSON.parse(data.toString()) as Frame));
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  return { ws, frames };
}

function create(extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    type: "response.create",
    model: "gpt-5.3-codex-spark",
    input: [{ role: "user", content: "hi" }],
    store: false,
    text: { format: { type: "json_schema", name: SCHEMA.name, strict: true, schema: SCHEMA.schema } },
    ...extra,
  });
}

async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 5));
  }
}

const terminal = (f: Frame): boolean =>
  ["response.completed", "response.failed", "response.incomplete", "error"].includes(f.type);

describe("fake model server", () => {
  it("refuses an upgrade with a wrong key with 401", async () => {
    fake = await startFakeModel();
    const ws = new WebSocket(fake.wsUrl, { headers: { Authorization: "Bearer nope" } });
    ws.on("error", () => {});
    const status = await new Promise<number>((resolve) =>
      ws.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0)),
    );
    ws.terminate();
    expect(status).toBe(401);
    expect(fake.upgrades).toEqual([
      {
        auth: "wrong",
        status: 401,
        headers: expect.not.objectContaining({ authorization: expect.anything() }),
      },
    ]);
  });

  it("streams the full variant with sequence numbers and echoed stream_id", async () => {
    fake = await startFakeModel({ script: () => "abcdefgh" });
    const { ws, frames } = await connect();
    ws.send(create({ stream_id: "a", reasoning: { effort: "low" } }));
    await until(() => frames.some(terminal));
    expect(frames.map((f) => f.type)).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.output_item.done",
      "response.output_item.added",
      "response.content_part.added",
      "response.output_text.delta",
      "response.output_text.delta",
      "response.output_text.done",
      "response.content_part.done",
      "response.output_item.done",
      "response.completed",
    ]);
    expect(frames.map((f) => f.sequence_number)).toEqual(frames.map((_, i) => i));
    expect(frames.every((f) => f.stream_id === "a")).toBe(true);
    const completed = frames.at(-1) as unknown as {
      response: { output: unknown[]; usage: Record<string, unknown> };
    };
    expect(completed.response.output).toHaveLength(2);
    expect(completed.response.usage).toMatchObject({
      output_tokens: 10,
      output_tokens_details: { reasoning_tokens: 8 },
    });
  });

  it("streams the sparse variant: no added events, completed without output, no stream_id when none was sent", async () => {
    fake = await startFakeModel({ behaviour: { variant: "sparse" }, script: () => "abcdefgh" });
    const { ws, frames } = await connect();
    ws.send(create());
    await until(() => frames.some(terminal));
    expect(frames.map((f) => f.type)).toEqual([
      "response.created",
      "response.output_item.done",
      "response.output_text.delta",
      "response.output_text.delta",
      "response.output_item.done",
      "response.completed",
    ]);
    expect(frames.some((f) => "stream_id" in f)).toBe(false);
    expect(frames.at(-1)).not.toHaveProperty("response.output");
  });

  it.each([
    [{ stream: true }, "unsupported_parameter", "stream"],
    [{ background: true }, "unsupported_parameter", "background"],
    [{ temperatur: 1 }, "unknown_parameter", "temperatur"],
    [{ stream_id: "bad id!" }, "invalid_value", "stream_id"],
    [{ stream_id: "" }, "invalid_value", "stream_id"],
    [{ model: "gpt-unknown" }, "model_not_found", "model"],
  ])("rejects %j with a request-level error", async (extra, code, param) => {
    fake = await startFakeModel();
    const { ws, frames } = await connect();
    ws.send(create(extra));
    await until(() => frames.length > 0);
    expect(frames[0]).toMatchObject({ type: "error", error: { code, param } });
    expect(frames[0]?.status).toBeGreaterThanOrEqual(400);
    expect(fake.requests[0]?.rejected).toBe(code);
  });

  it("rejects a non-strict json_schema", async () => {
    fake = await startFakeModel();
    const { ws, frames } = await connect();
    const loose = { type: "object", properties: { a: { type: "string" } }, required: [] };
    ws.send(create({ text: { format: { type: "json_schema", name: "x", strict: true, schema: loose } } }));
    await until(() => frames.length > 0);
    expect(frames[0]).toMatchObject({ type: "error", status: 400, error: { code: "invalid_json_schema" } });
  });

  it("refuses a 33rd distinct stream_id on one socket", async () => {
    fake = await startFakeModel();
    const { ws, frames } = await connect();
    for (let i = 0; i < 33; i += 1) ws.send(create({ stream_id: `s${i}` }));
    await until(() => frames.filter(terminal).length === 33);
    const errors = frames.filter((f) => f.type === "error");
    expect(errors).toEqual([
      expect.objectContaining({
        stream_id: "s32",
        error: expect.objectContaining({ code: "websocket_stream_limit_reached" }),
      }),
    ]);
  });

  it("runs 16 at once per socket and queues the rest with response.queued", async () => {
    // The first answers must not end before the last request arrives, even on a loaded machine.
    fake = await startFakeModel({ behaviour: { ttftMs: 1_000 } });
    const { ws, frames } = await connect();
    for (let i = 0; i < 20; i += 1) ws.send(create({ stream_id: `s${i}` }));
    await until(() => frames.filter(terminal).length === 20);
    expect(fake.peakInFlight).toBe(16);
    const queued = frames.filter((f) => f.type === "response.queued").map((f) => f.stream_id);
    expect(queued).toEqual(["s16", "s17", "s18", "s19"]);
    expect(frames.filter((f) => f.type === "response.completed")).toHaveLength(20);
  });

  it("keeps one lane FIFO: the second response starts after the first ends", async () => {
    fake = await startFakeModel({ behaviour: { tokensPerSecond: 500 } });
    fake.enqueue("first answer is longer", "second");
    const { ws, frames } = await connect();
    ws.send(create({ stream_id: "lane" }));
    ws.send(create({ stream_id: "lane" }));
    await until(() => frames.filter(terminal).length === 2);
    const completedFirst = frames.findIndex((f) => f.type === "response.completed");
    const createdSecond = frames.findIndex((f, i) => f.type === "response.created" && i > 0);
    expect(createdSecond).toBeGreaterThan(completedFirst);
    expect(frames.filter((f) => f.type === "response.queued")).toHaveLength(1);
  });

  it("ends a socket at its age limit with websocket_connection_limit_reached", async () => {
    fake = await startFakeModel({ behaviour: { connectionAgeLimitMs: 50 } });
    const { ws, frames } = await connect();
    const closed = new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));
    expect(await closed).toBe(1000);
    expect(frames).toEqual([
      expect.objectContaining({
        type: "error",
        error: expect.objectContaining({ code: "websocket_connection_limit_reached" }),
      }),
    ]);
  });

  it("drops a socket abruptly (1006) or with 1011 mid-stream", async () => {
    fake = await startFakeModel();
    fake.enqueue({ kind: "drop", closeCode: 1006, afterDeltas: 1 });
    const first = await connect();
    first.ws.send(create({ stream_id: "a" }));
    expect(await new Promise((r) => first.ws.once("close", r))).toBe(1006);
    expect(first.frames.some((f) => f.type === "response.output_text.delta")).toBe(true);

    fake.enqueue({ kind: "drop", closeCode: 1011, afterDeltas: 1 });
    const second = await connect();
    second.ws.send(create({ stream_id: "a" }));
    expect(await new Promise((r) => second.ws.once("close", r))).toBe(1011);
  });

  it("serves SSE over POST /v1/responses with the same scripts", async () => {
    fake = await startFakeModel({ script: () => "abcd" });
    const response = await fetch(`${fake.url}/responses`, {
      method: "POST",
      headers: { Authorization: `Bearer ${fake.apiKey}`, "Content-Type": "application/json" },
      body: JSON.stringify({ ...JSON.parse(create()), type: undefined, stream: true }),
    });
    const text = await response.text();
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    expect(text).toContain('event: response.output_text.delta\ndata: {"type":"response.output_text.delta"');
    expect(text.trimEnd().split("\n\n").at(-1)).toMatch(/^event: response.completed\n/);
  });
});

describe("fake model pacing knobs", () => {
  it("waits the TTFT before the first delta and paces deltas at the token rate (lower bounds only)", async () => {
    fake = await startFakeModel({
      behaviour: { ttftMs: 40, tokensPerSecond: 1000 },
      script: () => "t".repeat(200),
    });
    const { ws, frames } = await connect();
    const times: { type: string; at: number }[] = [];
    ws.on("message", (data) =>
      times.push({ type: (JSON.parse(data.toString()) as Frame).type, at: performance.now() }),
    );
    const sent = performance.now();
    ws.send(create());
    await until(() => frames.some(terminal));
    const deltas = times.filter((t) => t.type === "response.output_text.delta");
    expect(deltas).toHaveLength(50);
    // The fake keeps to a schedule from its start (TTFT, then one token per ms), so a late first
    // delta is followed by a catch-up; what holds is how early each may come (2 ms for clock grain).
    expect((deltas[0]?.at ?? 0) - sent).toBeGreaterThanOrEqual(40 - 2);
    expect((deltas.at(-1)?.at ?? 0) - sent).toBeGreaterThanOrEqual(40 + 49 - 2);
  });
});
