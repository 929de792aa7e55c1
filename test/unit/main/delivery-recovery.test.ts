import { describe, expect, it } from "vitest";
import { nextCursor, type HookDelivery } from "../../../src/github/hook-deliveries.js";
import { deliveriesToRetry } from "../../../src/main/delivery-recovery.js";

const at = (id: number, guid: string, statusCode: number): HookDelivery => ({
  id,
  guid,
  statusCode,
  event: "issue_comment",
  deliveredAt: new Date(Date.UTC(2026, 11, 1, 9, 0, id)),
});

describe("which failed deliveries are asked for again", () => {
  it("takes the newest attempt of a GUID that never succeeded and failed for want of an answer", () => {
    const deliveries = [
      at(1, "a", 503),
      at(2, "a", 503),
      at(3, "b", 503),
      at(4, "b", 200), // redelivered already
      at(5, "c", 0), // GitHub could not connect
      at(6, "d", 401), // a refusal: would fail again
      at(7, "e", 202),
    ];
    expect(deliveriesToRetry(deliveries).map((d) => d.id)).toEqual([2, 5]);
  });

  it("follows the cursor of GitHub's next link", () => {
    const link =
      '<https://api.github.com/app/hook/deliveries?per_page=100&cursor=v1_9876>; rel="next", ' +
      '<https://api.github.com/app/hook/deliveries?per_page=100>; rel="first"';
    expect(nextCursor(link)).toBe("v1_9876");
    expect(
      nextCursor('<https://api.github.com/app/hook/deliveries?per_page=100>; rel="first"'),
    ).toBeUndefined();
    expect(nextCursor(undefined)).toBeUndefined();
  });
});
