import { describe, expect, it } from "vitest";
import { contentOf, failure, recordingMetrics, request, setup, sleep, waitFor } from "./helpers.js";

describe("socket life cycle", () => {
  it("detects a peer that stops answering pings, fails its in-flight request as retryable, and replaces the socket", async () => {
    const metrics = recordingMetrics();
    const { fake, client } = await setup({ heartbeatIntervalMs: 40, metrics });
    await client.complete(request("warm"));
    fake.setBehaviour({ answerPings: false });
    fake.enqueue({ kind: "hang" });

    const error = await failure(client.complete(request("stuck")));
    fake.setBehaviour({ answerPings: true });
    const next = await client.complete(request("after"));

    expect([error.code, error.retryable]).toEqual(["model_connection", true]);
    expect(error.message).toContain("ping");
    expect(next.text).toContain('"ok":true');
    expect(fake.connections).toBe(2);
    expect(fake.requests.map((r) => [contentOf(r.body), r.connection])).toEqual([
      ["warm", 1],
      ["stuck", 1],
      ["after", 2],
    ]);
    expect(metrics.of("reconnect")).toContainEqual(["heartbeat"]);
  });

  it("recycles a socket past maxConnectionAgeMs once idle, opening the replacement first", async () => {
    const metrics = recordingMetrics();
    const { fake, client } = await setup({ maxConnectionAgeMs: 100, metrics });
    await client.complete(request("one"));

    await waitFor(() => fake.connections === 2 && fake.openConnections === 1, "the socket to be replaced");
    await client.complete(request("two"));

    expect(fake.requests.map((r) => r.connection)).toEqual([1, 2]);
    expect(metrics.of("reconnect")).toContainEqual(["recycled"]);
  });

  it("lets a request in flight finish on a socket that reaches its age, and sends new ones elsewhere", async () => {
    const { fake, client } = await setup({ maxConnectionAgeMs: 100 });
    await client.complete(request("warm"));
    fake.enqueue({ kind: "text", text: '{"summary":"slow","note":null}', ttftMs: 400 });

    const slow = client.complete(request("slow"));
    await waitFor(() => fake.connections === 2, "a replacement socket");
    const fresh = await client.complete(request("fresh"));

    expect((await slow).text).toBe('{"summary":"slow","note":null}');
    expect(fresh.text).toContain('"ok":true');
    const where = Object.fromEntries(fake.requests.map((r) => [contentOf(r.body), r.connection]));
    expect(where).toEqual({ warm: 1, slow: 1, fresh: 2 });
    await waitFor(() => fake.openConnections === 1, "the old socket to close once idle");
  });

  it("re-sends a request refused with websocket_connection_limit_reached on a new socket", async () => {
    const metrics = recordingMetrics();
    const { fake, client } = await setup({ metrics });
    fake.setBehaviour({ connectionAgeLimitMs: 150 });
    fake.enqueue({ kind: "text", text: '{"summary":"long","note":null}', ttftMs: 500 });

    const long = client.complete(request("long"));
    // The socket reaching its age is what is tested: only the clock gets it there.
    await sleep(250);
    const late = await client.complete(request("late"));

    expect(late.text).toContain('"ok":true');
    expect((await long).text).toBe('{"summary":"long","note":null}');
    const lateSends = fake.requests.filter((r) => contentOf(r.body) === "late");
    expect(lateSends.map((r) => [r.connection, r.rejected])).toEqual([
      [1, "websocket_connection_limit_reached"],
      [2, undefined],
    ]);
    expect(metrics.of("retry").map(([reason]) => reason)).toEqual(["connection_limit"]);
  });

  it.each([1006, 1011])(
    "fails an in-flight request on close %i as retryable, never replays it, and reconnects",
    async (code) => {
      const metrics = recordingMetrics();
      const { fake, client } = await setup({ metrics });
      fake.enqueue({ kind: "drop", closeCode: code, afterDeltas: 2 });

      const error = await failure(client.complete(request("dropped")));
      await waitFor(() => fake.connections === 2, "the pool to reconnect by itself");
      const next = await client.complete(request("next"));

      expect([error.code, error.retryable]).toEqual(["model_connection", true]);
      expect(error.message).toContain(String(code));
      expect(next.text).toContain('"ok":true');
      expect(fake.requests.map((r) => [contentOf(r.body), r.connection])).toEqual([
        ["dropped", 1],
        ["next", 2],
      ]);
      expect(metrics.of("reconnect")).toContainEqual(["dropped"]);
    },
  );

  it("fails every in-flight request of a dropped socket, and only those", async () => {
    const { fake, client } = await setup({ maxSockets: 1 });
    fake.script(() => ({ kind: "hang" }));

    const pending = Array.from({ length: 6 }, (_, i) => failure(client.complete(request(`h${i}`))));
    await waitFor(() => fake.requests.length === 6, "all six requests");
    fake.dropConnections(1006);
    const errors = await Promise.all(pending);
    fake.script(() => undefined);
    const next = await client.complete(request("after"));

    expect(errors.map((e) => [e.code, e.retryable])).toEqual(Array(6).fill(["model_connection", true]));
    expect(fake.requests).toHaveLength(7);
    expect(next.text).toContain('"ok":true');
  });

  it("treats a policy close (1008) as final for the requests in flight", async () => {
    const { fake, client } = await setup();
    fake.enqueue({ kind: "drop", closeCode: 1008, afterDeltas: 1 });

    const error = await failure(client.complete(request()));

    expect([error.code, error.retryable]).toEqual(["model_connection", false]);
    expect(fake.requests).toHaveLength(1);
  });

  it("backs off between reconnects while the service keeps dropping sockets", async () => {
    const { fake, client } = await setup({ reconnectBaseDelayMs: 60, reconnectMaxDelayMs: 1000 });
    fake.script(() => ({ kind: "drop", closeCode: 1011, afterDeltas: 0 }));

    const started = Date.now();
    for (let i = 0; i < 3; i += 1) await failure(client.complete(request(`d${i}`)));
    const elapsed = Date.now() - started;

    // Three drops in a row: reconnect delays of at least 30, 60 (half of 60·2^(n-1), equal jitter).
    expect(elapsed).toBeGreaterThanOrEqual(90);
    expect(fake.connections).toBe(3);
  });
});
