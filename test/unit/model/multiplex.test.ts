import { describe, expect, it } from "vitest";
import { contentOf, request, setup } from "./helpers.js";

describe("multiplexing on stream_id lanes", () => {
  it("routes each response to its own caller under concurrency, on few sockets", async () => {
    const { fake, client } = await setup({ maxSockets: 2 });
    // Paced output so that responses interleave on the wire.
    fake.setBehaviour({ tokensPerSecond: 4000 });
    fake.script((r) => JSON.stringify({ summary: `answer to ${contentOf(r.body)}`, note: null }));

    const jobs = Array.from({ length: 48 }, (_, i) => `job-${i}`);
    const results = await Promise.all(jobs.map((job) => client.complete(request(job))));

    results.forEach((result, i) =>
      expect(JSON.parse(result.text)).toEqual({ summary: `answer to job-${i}`, note: null }),
    );
    expect(new Set(results.map((r) => r.responseId)).size).toBe(48);
    expect(fake.connections).toBe(2);
    expect(fake.peakInFlight).toBeLessThanOrEqual(16);
    expect(fake.requests.filter((r) => r.rejected)).toEqual([]);
    for (const connection of [1, 2]) {
      const lanes = new Set(
        fake.requests.filter((r) => r.connection === connection).map((r) => r.body.stream_id),
      );
      expect(lanes.size).toBeGreaterThan(0);
      expect(lanes.size).toBeLessThanOrEqual(32);
    }
  });

  it("keeps lanes apart when full and sparse event variants are mixed", async () => {
    const { fake, client } = await setup({ maxSockets: 1 });
    fake.script((r) => {
      const content = contentOf(r.body);
      const n = Number(content.slice(1));
      return {
        kind: "text",
        text: `{"summary":"${content.repeat(5)}","note":null}`,
        variant: n % 2 ? "sparse" : "full",
        tokensPerSecond: 3000,
      };
    });

    const results = await Promise.all(
      Array.from({ length: 16 }, (_, i) => client.complete(request(`j${i}`))),
    );

    results.forEach((result, i) => expect(JSON.parse(result.text).summary).toBe(`j${i}`.repeat(5)));
    expect(fake.connections).toBe(1);
  });

  it("queues beyond maxInFlightPerSocket × maxSockets instead of opening more sockets", async () => {
    const { fake, client } = await setup({ maxSockets: 1, maxInFlightPerSocket: 4 });
    fake.setBehaviour({ ttftMs: 20 });

    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => client.complete(request(`q${i}`))),
    );

    expect(results).toHaveLength(12);
    expect(fake.connections).toBe(1);
    expect(fake.peakInFlight).toBe(4);
    expect(fake.requests.filter((r) => r.rejected)).toEqual([]);
  });

  it("reuses at most 32 lane names per socket over many requests", async () => {
    const { fake, client } = await setup({ maxSockets: 1 });

    for (let round = 0; round < 5; round += 1) {
      await Promise.all(Array.from({ length: 16 }, (_, i) => client.complete(request(`r${round}-${i}`))));
    }

    const lanes = new Set(fake.requests.map((r) => r.body.stream_id));
    expect(fake.requests).toHaveLength(80);
    expect(lanes.size).toBeLessThanOrEqual(32);
    expect(fake.requests.filter((r) => r.rejected)).toEqual([]);
    expect(fake.connections).toBe(1);
  });
});
