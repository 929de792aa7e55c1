import { describe, expect, it } from "vitest";
import { meterModel } from "../../../src/review/pipeline/paid-calls.js";
import type { Scenario, Script } from "../../fakes/model/index.js";
import { request, setup } from "../model/helpers.js";

const ANSWER = JSON.stringify({ summary: "Looks fine, with one note about the loop bound.", note: null });

/** One scenario per request, in order; the answer once they are used up. */
function inOrder(...scenarios: Scenario[]): Script {
  return () => scenarios.shift() ?? ANSWER;
}

/**
 * The metered model of a review, over the real client and the fake Responses server: it streams as
 * the client does, and counts exactly the calls the service bills.
 */
describe("meterModel", () => {
  it("streams through to the client, handing over the text as it arrives", async () => {
    const { client } = await setup({}, { script: inOrder(), behaviour: { ttftMs: 0 } });
    const metered = meterModel(client);
    expect(metered.model.stream).toBeTypeOf("function");
    const pieces: string[] = [];
    const result = await metered.model.stream!(request(), { onText: (delta) => pieces.push(delta) });
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join("")).toBe(ANSWER);
    expect(result.text).toBe(ANSWER);
    expect(metered.take()).toBe(1);
    expect(metered.take()).toBe(0);
  });

  it("counts a call whose socket dropped after the service started it, not one refused with a 429", async () => {
    const script = inOrder(
      { kind: "drop", closeCode: 1006, afterDeltas: 3 },
      { kind: "error", shape: "request", status: 429, code: "rate_limit_exceeded", retryAfter: "0.05" },
    );
    const { client, fake } = await setup({}, { script, behaviour: { ttftMs: 0 } });
    const metered = meterModel(client);
    await expect(metered.model.stream!(request(), { onText: () => {} })).rejects.toMatchObject({
      code: "model_connection",
      billed: true,
    });
    expect(metered.take()).toBe(1);
    await expect(metered.model.complete(request())).rejects.toMatchObject({
      code: "model_rate_limited",
      billed: false,
    });
    expect(metered.take()).toBe(0);
    await metered.model.complete(request());
    expect(metered.take()).toBe(1);
    expect(fake.requests).toHaveLength(3);
  });
});
