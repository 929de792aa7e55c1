import { describe, expect, it } from "vitest";
import {
  createsContent,
  DEFAULT_REQUEST_POLICY,
  isSafeToRepeat,
  retryDelay,
} from "../../../src/github/request-policy.js";

const http = (status: number, headers: Record<string, string> = {}) => ({
  status,
  message: `HTTP ${status}`,
  response: { headers },
});

describe("which GitHub requests are repeated", () => {
  it.each([
    ["GET", "/repos/{owner}/{repo}/pulls/{pull_number}", undefined, true],
    ["PATCH", "/repos/{owner}/{repo}/check-runs/{check_run_id}", undefined, true],
    ["POST", "/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions", undefined, true],
    ["POST", "/app/installations/{installation_id}/access_tokens", undefined, true],
    ["POST", "/graphql", "query Threads { viewer { login } }", true],
    ["POST", "/graphql", "mutation CodexResolveThread($id: ID!) { x }", false],
    ["POST", "/repos/{owner}/{repo}/pulls/{pull_number}/reviews", undefined, false],
    ["POST", "/repos/{owner}/{repo}/check-runs", undefined, false],
    ["POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments", undefined, false],
    ["PUT", "/repos/{owner}/{repo}/contents/{path}", undefined, false],
  ])("%s %s", (method, url, query, safe) => {
    expect(isSafeToRepeat({ method, url, query })).toBe(safe);
  });

  it("counts writes and mutations as content-creating, not reads", () => {
    expect(createsContent({ method: "GET", url: "/repos/{owner}/{repo}" })).toBe(false);
    expect(createsContent({ method: "POST", url: "/graphql", query: "query { a }" })).toBe(false);
    expect(createsContent({ method: "POST", url: "/graphql", query: "mutation { a }" })).toBe(true);
    expect(createsContent({ method: "POST", url: "/repos/{owner}/{repo}/check-runs" })).toBe(true);
  });
});

describe("retryDelay", () => {
  const policy = { ...DEFAULT_REQUEST_POLICY, retries: 2 };
  it("waits what retry-after says on 429 and on 403 secondary limits", () => {
    expect(retryDelay(http(429, { "retry-after": "3" }), 1, policy)).toBe(3_000);
    expect(retryDelay(http(403, { "retry-after": "2" }), 1, policy)).toBe(2_000);
  });
  it("leaves a long retry-after to the job, and a plain 403 or 422 alone", () => {
    expect(retryDelay(http(429, { "retry-after": "60" }), 1, policy)).toBeNull();
    expect(retryDelay(http(403), 1, policy)).toBeNull();
    expect(retryDelay(http(422), 1, policy)).toBeNull();
  });
  it("repeats a refused write on a rate limit, never after a 5xx or a lost answer", () => {
    expect(retryDelay(http(429, { "retry-after": "1" }), 1, policy, false)).toBe(1_000);
    expect(retryDelay(http(502), 1, policy, false)).toBeNull();
    expect(retryDelay(new TypeError("fetch failed"), 1, policy, false)).toBeNull();
  });
  it("backs off on 5xx and network errors, and stops after the last retry", () => {
    const first = retryDelay(http(502), 1, policy) as number;
    expect(first).toBeGreaterThanOrEqual(150);
    expect(first).toBeLessThanOrEqual(300);
    expect(retryDelay(new TypeError("fetch failed"), 2, policy)).toBeGreaterThan(0);
    expect(retryDelay(http(502), 3, policy)).toBeNull();
  });
});
