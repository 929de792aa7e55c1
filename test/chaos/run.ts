import { issueCommentCreated } from "../fixtures/github/webhooks.js";
import { INVOICE_PR } from "../fixtures/prs/invoice-pr.js";
import { invoiceAnswer, seedInvoice } from "../integration/lifecycle-support.js";
import { startHarness } from "../integration/harness.js";
import type { ChaosScenario } from "./scenarios.js";

/** What one scenario did, as the table shows it. */
export interface ChaosResult {
  scenario: string;
  expected: number;
  posted: number;
  /** Reviews beyond the first for one request. */
  duplicates: number;
  /** Requests that got no review. */
  lost: number;
  checkRunsOpen: number;
  paidModelCalls: number;
  /** Faults the fake GitHub injected, by kind. */
  faults: string;
  ms: number;
}

const OWNER = "acme";
const REPO = "billing";

/** Runs one scenario against the real app, real Redis, the fake GitHub and the fake model. */
export async function runScenario(scenario: ChaosScenario): Promise<ChaosResult> {
  const started = Date.now();
  const h = await startHarness({
    script: () => invoiceAnswer(),
    // Production's attempts, and a short lock so a stalled job is taken over within the bound.
    env: {
      JOB_ATTEMPTS: "4",
      JOB_LOCK_MS: "5000",
      ...(process.env["CHAOS_LOG"] ? { LOG_LEVEL: "warn" } : {}),
    },
  });
  try {
    seedInvoice(h.github);
    const injector = h.github.setChaos({ seed: scenario.seed, ...scenario.github });
    const deliveries: string[] = [];
    for (let i = 0; i < scenario.mentions; i++) {
      const deliveryId = `chaos-${scenario.seed}-${i}`;
      deliveries.push(deliveryId);
      const comment = h.github.addIssueComment({
        owner: OWNER,
        repo: REPO,
        number: INVOICE_PR.number,
        user: "dana",
        body: "@codex review",
      });
      const event = issueCommentCreated({
        pr: { owner: OWNER, repo: REPO, number: INVOICE_PR.number, author: "dana" },
        installationId: INVOICE_PR.installationId,
        commentId: comment.id,
        body: "@codex review",
        user: "dana",
      });
      // The webhook itself is never faulted: GitHub delivered it; the bot must not refuse it.
      const status = await h.deliver(event, { deliveryId });
      if (status !== 200) throw new Error(`webhook answered ${status} in "${scenario.name}"`);
    }
    const markerOf = (id: string) => `${OWNER}/${REPO}#${INVOICE_PR.number}/mention/${id}`;
    const reviewsOf = () => {
      const bodies = h.github.reviews(OWNER, REPO, INVOICE_PR.number).map((r) => String(r["body"] ?? ""));
      return deliveries.map((id) => bodies.filter((body) => body.includes(markerOf(id))).length);
    };
    const openRuns = () =>
      h.github.checkRuns(OWNER, REPO).filter((run) => run["status"] !== "completed").length;
    const settled = () => reviewsOf().every((n) => n > 0) && openRuns() === 0;
    const deadline = started + scenario.timeoutMs;
    while (!settled() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    // Until no job is left (a retry that is waiting out its backoff included), so a late duplicate
    // would be seen. Queues still busy at the deadline show below as lost reviews or open runs.
    await h.settled(Math.max(1_000, deadline - Date.now())).catch(() => {});
    h.github.setChaos(null);
    const counts = reviewsOf();
    return {
      scenario: scenario.name,
      expected: scenario.mentions,
      posted: counts.filter((n) => n > 0).length,
      duplicates: counts.reduce((sum, n) => sum + Math.max(0, n - 1), 0),
      lost: counts.filter((n) => n === 0).length,
      checkRunsOpen: openRuns(),
      paidModelCalls: h.model.requests.length,
      faults: Object.entries(injector?.injected ?? {})
        .filter(([, n]) => n > 0)
        .map(([kind, n]) => `${kind} ${n}`)
        .join(", "),
      ms: Date.now() - started,
    };
  } finally {
    await h.close();
  }
}

/** The results as a Markdown table (the README shows one). */
export function chaosTable(results: ChaosResult[]): string {
  const rows = results.map(
    (r) =>
      `| ${r.scenario} | ${r.expected} / ${r.posted} | ${r.duplicates} | ${r.lost} | ${r.checkRunsOpen} | ${r.paidModelCalls} | ${r.faults || "none"} |`,
  );
  return [
    "| scenario | reviews expected / posted | duplicates | lost | check runs left open | paid model calls | faults injected |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}
