import { nowIso } from "../fakes/github/state.js";
import { fairModel } from "./model-faults.js";
import { INVOICE_PR } from "../fixtures/prs/invoice-pr.js";
import { startHarness, type Harness } from "../integration/harness.js";
import { invoiceEvent, pushInvoice, seedInvoice } from "../integration/lifecycle-support.js";
import { mentionEvent } from "./run.js";
import {
  OWNER,
  REPO,
  describeFaults,
  findingTitles,
  markerOf,
  openRuns,
  paidCalls,
  repeatedTitles,
  reviewsPerKey,
  until,
  type ChaosResult,
} from "./observe.js";

const WAIT_MS = 30_000;
/** Seconds after `iso`, as GitHub writes `updated_at`. */
const after = (iso: string, seconds: number): string =>
  new Date(Date.parse(iso) + seconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");

/**
 * GitHub's webhooks as they really arrive: the same delivery twice, a `synchronize` older than the
 * one before it, a `closed` redelivered after the PR was reopened, and a push while the previous
 * push's job waits out its debounce. The automatic pass must review the newest head once, the
 * mention get its review, every run end, and a following push say no finding again.
 */
export async function runDeliveries(name: string): Promise<ChaosResult> {
  const started = Date.now();
  const h = await startHarness({ script: fairModel, env: { JOB_ATTEMPTS: "4" } });
  const problems: string[] = [];
  const counted = { redelivered: 0, stale: 0 };
  const deliver = async (
    event: Parameters<Harness["deliver"]>[0],
    deliveryId: string,
    kind?: keyof typeof counted,
  ) => {
    if (kind) counted[kind]++;
    const status = await h.deliver(event, { deliveryId });
    if (status !== 200) problems.push(`${deliveryId} answered ${status}`);
  };
  const id = (n: number): string => `0d1e2f30-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
  try {
    // A push waits a second before its review: the window in which the next push arrives.
    seedInvoice(h.github, { config: "debounceSeconds: 1\n" });
    const head0 = INVOICE_PR.headSha;

    // Closed, reopened; the `closed` comes again (the same delivery, and a copy with a new GUID)
    // while the reopened PR's review streams.
    const closedAt = h.github.setPullState(OWNER, REPO, INVOICE_PR.number, "closed");
    const closed = invoiceEvent("closed", { updatedAt: closedAt });
    await deliver(closed, id(1));
    // `updated_at` has one-second resolution: the reopen needs a later second.
    await until(() => nowIso() > closedAt, 5_000);
    const reopenedAt = h.github.setPullState(OWNER, REPO, INVOICE_PR.number, "open");
    h.model.setBehaviour({ ttftMs: 800 });
    await deliver(invoiceEvent("reopened", { updatedAt: reopenedAt }), id(2));
    await until(() => h.model.requests.length > 0, WAIT_MS);
    await deliver(closed, id(1), "redelivered");
    await deliver(closed, id(3), "stale");
    await until(
      () => reviewsPerKey(h.github, [`${head0}/full`])[0]! > 0 && openRuns(h.github) === 0,
      WAIT_MS,
    );
    h.model.setBehaviour({ ttftMs: 0 });

    // Two pushes: the second while the first one's job waits; each delivered twice, and the first
    // once more after the second (GitHub's "Redeliver" of an older event, with a new GUID).
    const push1 = pushInvoice(h.github, 1);
    const first = invoiceEvent("synchronize", { headSha: push1, updatedAt: after(reopenedAt, 1) });
    await deliver(first, id(4));
    await deliver(first, id(4), "redelivered");
    const push2 = pushInvoice(h.github, 2);
    const second = invoiceEvent("synchronize", { headSha: push2, updatedAt: after(reopenedAt, 2) });
    await deliver(second, id(5));
    await deliver(first, id(6), "stale");
    await deliver(second, id(5), "redelivered");
    await until(
      () => reviewsPerKey(h.github, [`${push2}/incremental`])[0]! > 0 && openRuns(h.github) === 0,
      WAIT_MS,
    );

    // A mention, delivered twice: one review of its own.
    const mention = mentionEvent(h.github);
    await deliver(mention, id(7));
    await deliver(mention, id(7), "redelivered");
    await until(
      () => reviewsPerKey(h.github, [`mention/${id(7)}`])[0]! > 0 && openRuns(h.github) === 0,
      WAIT_MS,
    );
    await h.settled(WAIT_MS).catch(() => {});

    // The following push: every finding is known, none is posted again.
    const push3 = pushInvoice(h.github, 3);
    await deliver(invoiceEvent("synchronize", { headSha: push3, updatedAt: after(reopenedAt, 3) }), id(8));
    const keys = [`${head0}/full`, `${push2}/incremental`, `mention/${id(7)}`, `${push3}/incremental`];
    await until(() => reviewsPerKey(h.github, keys).every((n) => n > 0) && openRuns(h.github) === 0, WAIT_MS);
    await h.settled(WAIT_MS).catch(() => {});

    // A replaced push's run ends neutral, naming the newer head.
    for (const run of h.github.checkRuns(OWNER, REPO, push1)) {
      const title = String((run["output"] as { title?: string } | undefined)?.title ?? "");
      if (run["conclusion"] !== "neutral" || !title.startsWith("Superseded by "))
        problems.push(`run on ${push1.slice(0, 7)}: ${String(run["conclusion"])} "${title}"`);
    }
    // One run per request: a second one on a head (GitHub's "Duplicate" of a redelivery) is a
    // duplicate too, though the deterministic job ids keep it from costing a second review.
    const runsExpected = new Map([
      [head0, 1],
      [push1, 1],
      [push2, 2],
      [push3, 1],
    ]);
    let extraRuns = 0;
    for (const [head, expected] of runsExpected) {
      const runs = h.github.checkRuns(OWNER, REPO, head);
      if (runs.length > expected) {
        extraRuns += runs.length - expected;
        problems.push(`${runs.length} runs on ${head.slice(0, 7)}, ${expected} expected`);
      }
    }
    problems.push(...h.github.problems());
    const counts = reviewsPerKey(h.github, keys);
    // Reviews under no expected key (a replaced head's, a second pass of one head) are duplicates.
    const strays = h.github
      .reviews(OWNER, REPO, INVOICE_PR.number)
      .map((r) => /codex-spark-bot:review (\S+) -->/.exec(String(r["body"]))?.[1] ?? "no marker")
      .filter((key) => !keys.some((k) => key === markerOf(k)));
    problems.push(...strays.map((key) => `unexpected review ${key}`));
    return {
      scenario: name,
      expected: keys.length,
      posted: counts.filter((n) => n > 0).length,
      duplicates:
        counts.reduce((sum, n) => sum + Math.max(0, n - 1), 0) +
        strays.length +
        extraRuns +
        repeatedTitles(findingTitles(h.github)),
      lost: counts.filter((n) => n === 0).length,
      checkRunsOpen: openRuns(h.github),
      paidModelCalls: paidCalls(h.model),
      baselineModelCalls: keys.length,
      faults: describeFaults(counted),
      problems,
      ms: Date.now() - started,
    };
  } finally {
    await h.close();
  }
}
