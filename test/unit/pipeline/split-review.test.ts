import { afterEach, describe, expect, it } from "vitest";
import type { ReceivedRequest } from "../../fakes/model/index.js";
import { startHarness, type Harness } from "../../integration/harness.js";
import { GUARD_LINE, SLICE_LINE, invoiceAnswer, reviewAnswer } from "../../fakes/model/answers.js";
import { invoiceEvent, seedInvoice } from "../../integration/lifecycle-support.js";
import { INVOICE_PR } from "../../fixtures/prs/invoice-pr.js";
import { contentOf } from "../model/helpers.js";

/**
 * Splitting on, end to end (web server, worker, Redis, both fakes): the invoice PR's two files go
 * to two lanes, and the review posted is the one a single request gives — same lines, same checks.
 */

const diffOf = (request: ReceivedRequest): string =>
  contentOf(request.body).split("Diffs to review:")[1] ?? "";

/** Each lane answers for what it was shown: the invoice file's findings, nothing for the changelog. */
function laneAnswer(request: ReceivedRequest): string {
  if (diffOf(request).includes("## file: src/billing/invoice.ts")) return invoiceAnswer();
  return reviewAnswer([], {
    overall_explanation: "The changelog entry is fine.",
    overall_confidence_score: 0.9,
  });
}

interface PostedReview {
  commit_id: string;
  body: string;
  comments: Array<{ path: string; line: number; body: string }>;
}

async function reviewInvoice(env: Record<string, string>): Promise<{ h: Harness; review: PostedReview }> {
  const h = await startHarness({ script: laneAnswer, env });
  // Every priority inline, so that the comparison covers all three findings.
  seedInvoice(h.github, { config: "inlineUpToPriority: 3\n" });
  expect(await h.deliver(invoiceEvent("opened"))).toBe(200);
  const [posted] = await h.github.waitForRequests("pulls/create-review", 1);
  return { h, review: posted?.body as PostedReview };
}

describe("a review split into lanes", () => {
  const harnesses: Harness[] = [];
  afterEach(async () => {
    await Promise.all(harnesses.splice(0).map((h) => h.close()));
  });

  it("asks one lane per file and posts the review one request would", async () => {
    const split = await reviewInvoice({ CODEX_LANE_MAX_FILES: "1" });
    const whole = await reviewInvoice({});
    harnesses.push(split.h, whole.h);

    expect(whole.h.model.requests).toHaveLength(1);
    expect(split.h.model.requests).toHaveLength(2);
    const shown = split.h.model.requests.map((r) =>
      [...diffOf(r).matchAll(/## file: (\S+)/g)].map((m) => m[1]),
    );
    expect(shown.flat().sort()).toEqual(["CHANGELOG.md", "src/billing/invoice.ts"]);
    expect(shown.every((paths) => paths.length === 1)).toBe(true);
    const keys = split.h.model.requests.map((r) => r.body.prompt_cache_key);
    expect(keys).toEqual(["codex-review:acme/billing", "codex-review:acme/billing"]);

    expect(split.review.commit_id).toBe(INVOICE_PR.headSha);
    expect(split.review.comments.map((c) => [c.path, c.line])).toEqual([
      ["src/billing/invoice.ts", SLICE_LINE],
      ["src/billing/invoice.ts", GUARD_LINE],
      ["src/billing/invoice.ts", GUARD_LINE],
    ]);
    expect(split.review.comments.map((c) => c.body)).toEqual(whole.review.comments.map((c) => c.body));
    expect(split.review.comments[0]?.body).toContain("```suggestion");
    expect(split.h.github.problems()).toEqual([]);
  });
});
