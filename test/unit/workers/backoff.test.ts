import { describe, expect, it } from "vitest";
import { GitHubError } from "../../../src/errors.js";
import { jobRetryDelay, retryAfterBackoff } from "../../../src/workers/backoff.js";

describe("retryAfterBackoff", () => {
  it("waits what GitHub's retry-after said, plus a little jitter", async () => {
    const error = new GitHubError("github_rate_limited", "secondary rate limit", {
      status: 403,
      retryable: true,
      retryAfterMs: 7_000,
    });
    for (let i = 0; i < 20; i++) {
      const delay = await retryAfterBackoff(1, "retry-after", error);
      expect(delay).toBeGreaterThanOrEqual(7_125);
      expect(delay).toBeLessThanOrEqual(7_250);
    }
  });

  it("backs off exponentially with jitter otherwise, and caps the wait", async () => {
    const plain = new Error("socket hang up");
    const first = await retryAfterBackoff(1, "retry-after", plain);
    const third = await retryAfterBackoff(3, "retry-after", plain);
    expect(first).toBeGreaterThanOrEqual(1_000);
    expect(first).toBeLessThanOrEqual(2_000);
    expect(third).toBeGreaterThanOrEqual(4_000);
    expect(third).toBeLessThanOrEqual(8_000);
    expect(await retryAfterBackoff(30, "retry-after", plain)).toBeLessThanOrEqual(300_000);
  });

  it("waits what the check run announces: one delay per job and attempt, wherever it is computed", async () => {
    const plain = new Error("socket hang up");
    const job = { id: "mention-guid-1" } as Parameters<typeof retryAfterBackoff>[3];
    for (const attempt of [1, 2, 3]) {
      const queued = await retryAfterBackoff(attempt, "retry-after", plain, job);
      expect(queued).toBe(jobRetryDelay(attempt, undefined, "mention-guid-1"));
    }
    expect(jobRetryDelay(2, undefined, "a")).not.toBe(2_000);
    expect(jobRetryDelay(1, 7_000, "a")).toBe(
      await retryAfterBackoff(
        1,
        "retry-after",
        { retryAfterMs: 7_000 } as unknown as Error,
        { id: "a" } as never,
      ),
    );
  });
});
