import { describe, expect, it } from "vitest";
import { assertNever, BotError, StaleHeadError } from "../../src/errors.js";

describe("errors carry data", () => {
  it("a stale head says why, and which head replaced it", () => {
    const superseded = new StaleHeadError({ reason: "superseded", newerHeadSha: "b".repeat(40) });
    expect(superseded).toMatchObject({ code: "stale_head", retryable: false, reason: "superseded" });
    expect(superseded.newerHeadSha).toBe("b".repeat(40));
    expect(superseded.message).toBe(`superseded by ${"b".repeat(40)}`);
    const closed = new StaleHeadError({ reason: "closed" });
    expect(closed).toMatchObject({
      reason: "closed",
      newerHeadSha: null,
      message: "the pull request was closed",
    });
  });

  it("keeps its own message when the adapter has a better one, without losing the data", () => {
    const moved = new StaleHeadError(
      { reason: "superseded", newerHeadSha: "c".repeat(40) },
      "o/r@main moved",
    );
    expect(moved.message).toBe("o/r@main moved");
    expect(moved.newerHeadSha).toBe("c".repeat(40));
  });

  it("assertNever fails loudly on a value outside its union", () => {
    expect(() => assertNever("surprise" as never, "command")).toThrow(BotError);
    expect(() => assertNever("surprise" as never, "command")).toThrow('unhandled command: "surprise"');
  });
});
