import { Redis } from "ioredis";
import { afterAll, afterEach, describe, expect, inject, it } from "vitest";
import { comment } from "../conversation-support.js";
import { startHarness, type Harness } from "../harness.js";
import { invoiceAnswer, seedInvoice } from "../lifecycle-support.js";

const redis = new Redis(inject("redisUrl"));
afterAll(() => redis.disconnect());

async function claimTtl(prefix: string, deliveryId: string): Promise<number> {
  const [key] = await redis.keys(`${prefix}*:delivery:{${deliveryId}}`);
  expect(key, "the delivery's claim").toBeDefined();
  return redis.ttl(key!);
}

describe("a delivery claim lasts a day only once its work is queued", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it("confirms the claim of a handled mention for the redelivery window", async () => {
    h = await startHarness({ script: () => invoiceAnswer() });
    seedInvoice(h.github);
    const deliveryId = "7d1c0e55-0000-4000-8000-00000000d101";
    expect(await h.deliver(comment(701, "@codex review"), { deliveryId })).toBe(200);
    expect(await claimTtl(h.prefix, deliveryId)).toBeGreaterThan(23 * 3600);
    await h.settled();
  });

  it("takes no claim for a delivery refused for its signature, so the signed copy is handled", async () => {
    h = await startHarness({ script: () => invoiceAnswer() });
    seedInvoice(h.github);
    const deliveryId = "7d1c0e55-0000-4000-8000-00000000d102";
    // Unsigned: refused before any claim is taken.
    expect(await h.deliver(comment(702, "@codex review"), { deliveryId, signature: "sha256=00" })).toBe(400);
    expect(await redis.keys(`${h.prefix}*:delivery:{${deliveryId}}`)).toEqual([]);
    expect(await h.deliver(comment(702, "@codex review"), { deliveryId })).toBe(200);
    expect(await claimTtl(h.prefix, deliveryId)).toBeGreaterThan(23 * 3600);
    await h.settled();
    expect(h.github.requestsFor("pulls/create-review")).toHaveLength(1);
  });
});
