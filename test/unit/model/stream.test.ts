import { describe, expect, it } from "vitest";
import { request, setup } from "./helpers.js";

const ANSWER = JSON.stringify({ summary: "Streams as it is written.", note: "and is returned whole" });

describe("stream: the answer's text as it arrives", () => {
  for (const transport of ["ws", "http"] as const) {
    it(`hands over every delta, in order, before the whole answer returns (${transport})`, async () => {
      const { fake, client } = await setup({ transport }, { behaviour: { tokensPerSecond: 2_000 } });
      fake.script(() => ANSWER);
      const deltas: string[] = [];
      let returned = false;

      const result = await client.stream(request(), {
        onText: (delta) => {
          expect(returned).toBe(false);
          deltas.push(delta);
        },
      });
      returned = true;

      expect(result.text).toBe(ANSWER);
      // The fake writes four characters per token, one delta each.
      expect(deltas).toHaveLength(Math.ceil(ANSWER.length / 4));
      expect(deltas.join("")).toBe(ANSWER);
    });
  }

  it("says when the answer starts over with a larger budget, and streams the new one", async () => {
    const { fake, client } = await setup();
    const long = JSON.stringify({ summary: "x".repeat(200), note: null });
    fake.script(() => ({ kind: "text", text: long, reasoningTokens: 10 }));
    let text = "";
    let restarts = 0;

    const result = await client.stream(request("big", { maxOutputTokens: 40 }), {
      onText: (delta) => (text += delta),
      onRestart: () => {
        restarts += 1;
        text = "";
      },
    });

    expect(fake.requests).toHaveLength(2);
    expect(restarts).toBe(1);
    expect(text).toBe(result.text);
  });

  it("streams nothing for a refusal", async () => {
    const { fake, client } = await setup();
    fake.enqueue({ kind: "refusal", refusal: "I cannot help with that." });
    const deltas: string[] = [];
    await expect(client.stream(request(), { onText: (d) => deltas.push(d) })).rejects.toMatchObject({
      code: "model_refused",
    });
    expect(deltas).toEqual([]);
  });
});
