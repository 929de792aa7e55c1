import type { FakeGitHub } from "../fakes/github/index.js";
import { issueCommentCreated, type WebhookEvent } from "../fixtures/github/webhooks.js";
import { INVOICE_PR } from "../fixtures/prs/invoice-pr.js";
import { invoiceEvent, pushInvoice, seedInvoice } from "../integration/lifecycle-support.js";
import { startHarness } from "../integration/harness.js";
import { fairModel, faultyModel } from "./model-faults.js";
import {
  OWNER,
  REPO,
  describeFaults,
  findingTitles,
  openRuns,
  paidCalls,
  repeatedTitles,
  reviewsPerKey,
  until,
  type ChaosResult,
} from "./observe.js";
import type { ChaosScenario } from "./scenarios.js";

/** Dana's `@codex review` on the invoice PR: the comment on GitHub and its webhook. */
export function mentionEvent(github: FakeGitHub): WebhookEvent {
  const comment = github.addIssueComment({
    owner: OWNER,
    repo: REPO,
    number: INVOICE_PR.number,
    user: "dana",
    body: "@codex review",
  });
  return issueCommentCreated({
    pr: { owner: OWNER, repo: REPO, number: INVOICE_PR.number, author: "dana" },
    installationId: INVOICE_PR.installationId,
    commentId: comment.id,
    body: "@codex review",
    user: "dana",
  });
}

/** Runs one mention scenario against the real app, real Redis, the fake GitHub and the fake model. */
export async function runScenario(scenario: ChaosScenario): Promise<ChaosResult> {
  const started = Date.now();
  const model = scenario.model ? faultyModel(scenario.seed, scenario.model) : null;
  const lanes = scenario.lanes ?? 1;
  const h = await startHarness({
    script: model?.script ?? fairModel,
    // Production's attempts, and a short lock so a stalled job is taken over within the bound.
    env: {
      JOB_ATTEMPTS: "4",
      JOB_LOCK_MS: "5000",
      // One file per lane: the invoice PR's two files are two lanes.
      ...(lanes > 1 ? { CODEX_LANE_MAX_FILES: "1" } : {}),
      ...(process.env["CHAOS_LOG"] ? { LOG_LEVEL: "warn" } : {}),
    },
  });
  try {
    // The following push is reviewed at once.
    seedInvoice(h.github, { config: "debounceSeconds: 0\n" });
    const injector = scenario.github ? h.github.setChaos({ seed: scenario.seed, ...scenario.github }) : null;
    const keys: string[] = [];
    for (let i = 0; i < scenario.mentions; i++) {
      const deliveryId = `chaos-${scenario.seed}-${i}`;
      keys.push(`mention/${deliveryId}`);
      const event = mentionEvent(h.github);
      // The webhook itself is never faulted: GitHub delivered it; the bot must not refuse it.
      const status = await h.deliver(event, { deliveryId });
      if (status !== 200) throw new Error(`webhook answered ${status} in "${scenario.name}"`);
    }
    const deadline = started + scenario.timeoutMs;
    await until(
      () => reviewsPerKey(h.github, keys).every((n) => n > 0) && openRuns(h.github) === 0,
      (deadline - Date.now()) / 2,
    );
    // A following push, still under the same faults: its pass may post no finding again.
    await h.settled(Math.max(1_000, (deadline - Date.now()) / 2)).catch(() => {});
    const push = pushInvoice(h.github, 1);
    keys.push(`${push}/incremental`);
    const status = await h.deliver(invoiceEvent("synchronize", { headSha: push }));
    if (status !== 200) throw new Error(`push webhook answered ${status} in "${scenario.name}"`);
    await until(
      () => reviewsPerKey(h.github, keys).every((n) => n > 0) && openRuns(h.github) === 0,
      deadline - Date.now(),
    );
    // Until no job is left (a retry that is waiting out its backoff included), so a late duplicate
    // would be seen. Queues still busy at the deadline show below as lost reviews or open runs.
    await h.settled(Math.max(1_000, deadline - Date.now())).catch(() => {});
    h.github.setChaos(null);
    const counts = reviewsPerKey(h.github, keys);
    return {
      scenario: scenario.name,
      expected: keys.length,
      posted: counts.filter((n) => n > 0).length,
      duplicates:
        counts.reduce((sum, n) => sum + Math.max(0, n - 1), 0) + repeatedTitles(findingTitles(h.github)),
      lost: counts.filter((n) => n === 0).length,
      checkRunsOpen: openRuns(h.github),
      paidModelCalls: paidCalls(h.model, model?.injected["tooMany"] ?? 0),
      // The push changed one file: its pass is one lane.
      baselineModelCalls: scenario.mentions * lanes + 1,
      faults: describeFaults({ ...injector?.injected, ...model?.injected }),
      problems: [],
      ms: Date.now() - started,
    };
  } finally {
    await h.close();
  }
}
