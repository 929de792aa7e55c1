import { afterEach, describe, expect, it } from "vitest";
import type { Scenario } from "../fakes/model/index.js";
import { INVOICE_PR } from "../fixtures/prs/invoice-pr.js";
import { startHarness, type Harness } from "./harness.js";
import { completedCheck, invoiceAnswer, invoiceEvent, seedInvoice } from "./lifecycle-support.js";

function rateLimited(extra: { retryAfter?: string; headers?: Record<string, string> }): Scenario {
  return {
    kind: "error",
    shape: "request",
    status: 429,
    code: "rate_limit_exceeded",
    type: "tokens",
    ...extra,
  };
}

/** A harness whose model answers from `answers` in order, noting when each request arrived. */
async function scripted(answers: Array<Scenario | string>, env: Record<string, string> = {}) {
  const queue = [...answers];
  const arrivals: number[] = [];
  const h = await startHarness({
    script: () => {
      arrivals.push(Date.now());
      return queue.shift() ?? invoiceAnswer();
    },
    env,
  });
  seedInvoice(h.github);
  return { h, arrivals };
}

function checkTitles(h: Harness): string[] {
  return h.github
    .requestsFor("checks/update")
    .map((r) => (r.body as { output?: { title?: string } }).output?.title ?? "");
}

describe("model capacity: rate limits are waited out, then the fallback model", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it("waits until the stated reset, twice, without using up the job's attempts", async () => {
    // JOB_ATTEMPTS is 2: were a rate limit an attempt, the second one would end the review.
    const run = await scripted([
      rateLimited({ retryAfter: "1" }),
      rateLimited({ headers: { "x-ratelimit-remaining-tokens": "0", "x-ratelimit-reset-tokens": "1.5s" } }),
      invoiceAnswer(),
    ]);
    h = run.h;
    expect(await h.deliver(invoiceEvent("opened"))).toBe(200);
    await h.github.waitForRequests("pulls/create-review", 1, 20_000);
    const [first = 0, second = 0, third = 0] = run.arrivals;
    expect(second - first).toBeGreaterThanOrEqual(950);
    expect(third - second).toBeGreaterThanOrEqual(1_450);
    const waiting = checkTitles(h).filter((t) => /^Waiting for model capacity until \d\d:\d\d UTC$/.test(t));
    expect(waiting).toHaveLength(2);
    expect(await completedCheck(h.github, INVOICE_PR.headSha)).toMatchObject({ conclusion: "neutral" });
  });

  it("moves to CODEX_FALLBACK_MODEL once the wait would pass CODEX_FALLBACK_AFTER_SECONDS", async () => {
    const run = await scripted([rateLimited({ retryAfter: "600" }), invoiceAnswer()], {
      CODEX_FALLBACK_MODEL: "gpt-5.1-codex-mini",
      CODEX_FALLBACK_AFTER_SECONDS: "60",
    });
    h = run.h;
    expect(await h.deliver(invoiceEvent("opened"))).toBe(200);
    await h.github.waitForRequests("pulls/create-review", 1, 20_000);
    expect(h.model.requests.map((r) => r.body["model"])).toEqual([
      "gpt-5.3-codex-spark",
      "gpt-5.1-codex-mini",
    ]);
    const moved = checkTitles(h).filter((t) =>
      /^Model at capacity until \d\d:\d\d UTC; continuing with the fallback model$/.test(t),
    );
    expect(moved).toHaveLength(1);
    // Not ten minutes later: at once.
    expect(run.arrivals[1]! - run.arrivals[0]!).toBeLessThan(10_000);
    const done = await completedCheck(h.github, INVOICE_PR.headSha);
    expect(JSON.stringify(done["output"])).toContain("gpt-5.1-codex-mini");
  });

  it.each([
    { code: "insufficient_quota", status: 429, fix: "Add credit or raise the usage limit" },
    { code: "invalid_api_key", status: 401, fix: "Check OPENAI_API_KEY" },
  ])("completes the check run with what to fix on $code", async ({ code, status, fix }) => {
    const run = await scripted([{ kind: "error", shape: "request", status, code, type: code }]);
    h = run.h;
    expect(await h.deliver(invoiceEvent("opened"))).toBe(200);
    const done = await completedCheck(h.github, INVOICE_PR.headSha);
    expect(done).toMatchObject({ status: "completed", conclusion: "failure" });
    expect((done["output"] as { summary: string }).summary).toContain(fix);
    expect(h.model.requests).toHaveLength(1);
    expect(h.github.requestsFor("pulls/create-review")).toHaveLength(0);
  });
});
