import { describe, expect, it } from "vitest";
import { failure, recordingMetrics, request, setup, waitFor } from "./helpers.js";

describe("metrics hooks", () => {
  it("reports time to first token, duration, tokens, open sockets and in-flight for a request", async () => {
    const metrics = recordingMetrics();
    const { fake, client } = await setup({ metrics });
    fake.enqueue({ kind: "text", text: '{"summary":"m","note":null}', reasoningTokens: 5 });
    const labels = { model: "gpt-5.3-codex-spark", transport: "ws" };

    const result = await client.complete(request());

    expect(metrics.of("timeToFirstToken")).toEqual([[expect.any(Number), labels]]);
    expect(metrics.of("requestDuration")).toEqual([[expect.any(Number), { ...labels, outcome: "ok" }]]);
    expect(metrics.of("tokens")).toEqual([[result.usage, labels]]);
    expect(metrics.of("openSockets")).toEqual([[1]]);
    expect(metrics.of("inFlight")).toEqual([[1], [0]]);
    const [ttft] = metrics.of("timeToFirstToken")[0] as [number];
    const [total] = metrics.of("requestDuration")[0] as [number];
    expect(ttft).toBeGreaterThan(0);
    expect(total).toBeGreaterThanOrEqual(ttft);
  });

  it("labels failures with their code and counts reconnects and sockets", async () => {
    const metrics = recordingMetrics();
    const { fake, client } = await setup({ metrics });
    fake.enqueue({ kind: "drop", closeCode: 1006, afterDeltas: 1 });

    await failure(client.complete(request()));
    await waitFor(() => metrics.of("reconnect").length === 1, "a reconnect");

    expect(metrics.of("requestDuration").map(([, l]) => (l as { outcome: string }).outcome)).toEqual([
      "model_connection",
    ]);
    expect(metrics.of("reconnect")).toEqual([["dropped"]]);
    expect(metrics.of("openSockets")).toEqual([[1], [0], [1]]);
    expect(metrics.of("inFlight").at(-1)).toEqual([0]);
    expect(fake.connections).toBe(2);
  });

  it("counts HTTP requests in flight too", async () => {
    const metrics = recordingMetrics();
    const { client } = await setup({ metrics, transport: "http" });

    await client.complete(request());

    expect(metrics.of("inFlight")).toEqual([[1], [0]]);
    expect(metrics.of("timeToFirstToken")[0]?.[1]).toEqual({
      model: "gpt-5.3-codex-spark",
      transport: "http",
    });
  });
});
