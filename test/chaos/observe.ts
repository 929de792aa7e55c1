import type { FakeGitHub } from "../fakes/github/index.js";
import type { FakeModel } from "../fakes/model/index.js";
import { INVOICE_PR } from "../fixtures/prs/invoice-pr.js";

/**
 * What every chaos row is measured by, read from what the fake GitHub and the fake model received:
 * the same columns whatever the fault, so rows compare.
 */
export interface ChaosResult {
  scenario: string;
  /** Review requests made (a mention, an automatic pass of a head). */
  expected: number;
  /** Requests that got their review. */
  posted: number;
  /**
   * Reviews beyond the first for one request, plus findings posted twice on a following push and
   * check runs beyond one per request.
   */
  duplicates: number;
  /** Requests that got no review (or one of a head other than the newest). */
  lost: number;
  checkRunsOpen: number;
  /** Model requests the service would bill: every one it started, a refused 429 not included. */
  paidModelCalls: number;
  /** What a run without faults would pay; the table shows the difference. */
  baselineModelCalls: number;
  /** Faults injected, by kind. */
  faults: string;
  /** Anything else a row checks that went wrong (a run with the wrong conclusion, a bad request). */
  problems: string[];
  ms: number;
}

export const OWNER = "acme";
export const REPO = "billing";

/** The review key's part of the hidden marker a review body carries (see `idempotency.ts`). */
export const markerOf = (key: string): string => `${OWNER}/${REPO}#${INVOICE_PR.number}/${key}`;

const PASS_TITLES: Record<string, string> = {
  full: "Full review",
  incremental: "Incremental review",
};

/**
 * How many reviews each request got. A review is the GitHub review carrying the key's marker; an
 * automatic pass that finds nothing new to post (every finding already has its thread) answers
 * with its check run alone, so for `<head>/<pass>` keys a completed run of that pass on the head
 * counts too (whichever is more, so a second POST still shows as a duplicate).
 */
export function reviewsPerKey(github: FakeGitHub, keys: readonly string[]): number[] {
  const bodies = github.reviews(OWNER, REPO, INVOICE_PR.number).map((r) => String(r["body"] ?? ""));
  return keys.map((key) => {
    const posted = bodies.filter((body) => body.includes(`${markerOf(key)} -->`)).length;
    const [head, pass] = key.split("/");
    const title = PASS_TITLES[pass ?? ""];
    if (head === "mention" || title === undefined) return posted;
    const runs = github
      .checkRuns(OWNER, REPO, head)
      .filter((run) => run["status"] === "completed")
      .filter((run) => String((run["output"] as { title?: string } | null)?.title ?? "").startsWith(title));
    return Math.max(posted, runs.length);
  });
}

export function openRuns(github: FakeGitHub): number {
  return github.checkRuns(OWNER, REPO).filter((run) => run["status"] !== "completed").length;
}

/** The first line of every finding comment the bot opened a thread with. */
export function findingTitles(github: FakeGitHub): string[] {
  return github
    .reviewComments(OWNER, REPO, INVOICE_PR.number)
    .filter((c) => (c["user"] as { login: string }).login === github.botLogin && !c["in_reply_to_id"])
    .map((c) => String(c["body"]).split("\n")[0] ?? "");
}

/** Threads beyond the first with the same title: a finding said twice. */
export function repeatedTitles(titles: readonly string[]): number {
  return titles.length - new Set(titles).size;
}

/** Model requests the service started (a request it refused before starting is not billed). */
export function paidCalls(model: FakeModel, refusedByScript = 0): number {
  return model.requests.filter((r) => r.rejected === undefined).length - refusedByScript;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for a condition; false at the deadline (what is missing then shows in the row). */
export async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

export function describeFaults(counts: Record<string, number>): string {
  return Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(", ");
}

/** The results as a Markdown table (the README shows one). */
export function chaosTable(results: ChaosResult[]): string {
  const paid = (r: ChaosResult): string => {
    const extra = r.paidModelCalls - r.baselineModelCalls;
    return `${r.paidModelCalls} (${extra >= 0 ? "+" : ""}${extra})`;
  };
  const rows = results.map(
    (r) =>
      `| ${r.scenario} | ${r.expected} / ${r.posted} | ${r.duplicates} | ${r.lost} | ${r.checkRunsOpen} | ${paid(r)} | ${r.faults || "none"} |`,
  );
  return [
    "| scenario | reviews expected / posted | duplicates | lost | check runs left open | paid model calls (extra) | faults injected |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}
