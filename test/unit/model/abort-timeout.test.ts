import { describe, expect, it } from "vitest";
import { contentOf, failure, request, setup, waitFor } from "./helpers.js";

describe("timeouts and AbortSignal", () => {
  it("rejects with a retryable model_timeout when the answer does not come in time", async () => {
    const { fake, client } = await setup({ requestTimeoutMs: 150 });
    fake.enqueue({ kind: "hang" });

    const error = await failure(client.complete(request()));

    expect([error.code, error.retryable]).toEqual(["model_timeout", true]);
  });

  it("abandons an aborted request: frees its slot, ignores its late events, does not disturb the next", async () => {
    const { fake, client } = await setup({ maxSockets: 1, maxInFlightPerSocket: 1 });
    fake.script((r) =>
      contentOf(r.body) === "slow"
        ? { kind: "text", text: "S".repeat(80), tokensPerSecond: 200 }
        : { kind: "text", text: `{"summary":"${contentOf(r.body)}","note":null}` },
    );
    const controller = new AbortController();

    const slow = client.complete(request("slow"), { signal: controller.signal });
    await waitFor(() => fake.requests.length === 1, "the slow request to arrive");
    controller.abort();
    const error = await failure(slow);
    // The only slot is free again although the slow response is still streaming on its lane.
    const next = await client.complete(request("fast"));
    const later = await client.complete(request("later"));

    expect([error.code, error.retryable]).toEqual(["model_aborted", false]);
    expect(next.text).toBe('{"summary":"fast","note":null}');
    expect(later.text).toBe('{"summary":"later","note":null}');
    expect(fake.connections).toBe(1);
    expect(fake.requests[1]?.body.stream_id).not.toBe(fake.requests[0]?.body.stream_id);
  });

  it("never sends a request whose signal is already aborted", async () => {
    const { fake, client } = await setup();

    const error = await failure(client.complete(request(), { signal: AbortSignal.abort() }));

    expect(error.code).toBe("model_aborted");
    expect(fake.requests).toHaveLength(0);
  });

  it("removes an aborted request that was still waiting for a slot", async () => {
    const { fake, client } = await setup({ maxSockets: 1, maxInFlightPerSocket: 1 });
    fake.enqueue({ kind: "text", text: '{"summary":"a","note":null}', ttftMs: 200 });
    const controller = new AbortController();

    const first = client.complete(request("first"));
    await waitFor(() => fake.requests.length === 1, "the first request");
    const queued = client.complete(request("queued"), { signal: controller.signal });
    controller.abort();

    expect((await failure(queued)).code).toBe("model_aborted");
    expect((await first).text).toBe('{"summary":"a","note":null}');
    expect(fake.requests.map((r) => contentOf(r.body))).toEqual(["first"]);
  });
});
