import { UnrecoverableError } from "bullmq";
import { describe, expect, it } from "vitest";
import { BotError, GitHubError, ModelError } from "../../../src/errors.js";
import { bullmqError, decideFailure, failureReply } from "../../../src/workers/failure.js";

describe("decideFailure", () => {
  it("waits for the rate limit the model asked for", () => {
    const error = new ModelError("model_rate_limited", "slow down", { retryable: true, retryAfterMs: 2000 });
    expect(decideFailure(error, 0, 4)).toEqual({ kind: "rate-limit", waitMs: 2000, error });
  });

  it("retries retryable errors until the last attempt, then gives up", () => {
    const error = new GitHubError("github_unavailable", "502", { retryable: true, status: 502 });
    expect(decideFailure(error, 0, 4).kind).toBe("retry");
    expect(decideFailure(error, 3, 4).kind).toBe("final");
  });

  it("never retries a final error", () => {
    const error = new ModelError("model_quota", "insufficient_quota");
    expect(decideFailure(error, 0, 4).kind).toBe("final");
    expect(bullmqError(decideFailure(error, 0, 4))).toBeInstanceOf(UnrecoverableError);
  });

  it("retries untyped errors (surprises) but not forever", () => {
    expect(decideFailure(new TypeError("x"), 0, 2).kind).toBe("retry");
    expect(decideFailure(new TypeError("x"), 1, 2).kind).toBe("final");
  });
});

describe("failureReply", () => {
  it("explains known causes without internals", () => {
    const reply = failureReply(new ModelError("model_output_invalid", "path: Required; raw text …"));
    expect(reply).toBe(
      "Could not complete the review: the model's answer could not be understood. Nothing was posted; ask again later.",
    );
  });

  it("says another worker held the review until the last try, without claiming nothing was posted", () => {
    const reply = failureReply(new BotError("publish_busy", "publish lock held by another worker it-1/full"));
    expect(reply).toBe(
      "Could not complete the review: another worker was still publishing this review. If it does not appear, ask again.",
    );
  });

  it("hides unknown errors' messages", () => {
    expect(failureReply(new Error("token ghs_secret leaked?"))).not.toContain("ghs_secret");
  });
});
