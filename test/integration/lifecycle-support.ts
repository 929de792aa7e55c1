import type { FakeGitHub } from "../fakes/github/index.js";
import { pullRequestEvent, type PullRequestAction, type WebhookEvent } from "../fixtures/github/webhooks.js";
import { INVOICE_HEAD, INVOICE_PR, headLine, invoicePullRequest } from "../fixtures/prs/invoice-pr.js";

export const SLICE_LINE = headLine(INVOICE_HEAD, "return items.slice(start, start + size + 1);");
export const GUARD_LINE = headLine(INVOICE_HEAD, "if (percent < 0 || percent > 100) {");

/** A head SHA for the n-th push of a test. */
export const pushSha = (n: number): string => `${"c0ffee".repeat(6)}${n.toString(16).padStart(4, "0")}`;

function finding(priority: number, title: string, line: number, code: string, suggestion: string | null) {
  return {
    title,
    body: `${title}.`,
    priority,
    confidence_score: 0.9,
    path: "src/billing/invoice.ts",
    start_line: line,
    end_line: line,
    original_code: code,
    suggestion,
    deletes_lines: false,
  };
}

/** A model answer with one finding of each of P1, P2 and P3 on the invoice PR. */
export function invoiceAnswer(): string {
  return JSON.stringify({
    findings: [
      finding(
        1,
        "pageOfItems returns one item too many",
        SLICE_LINE,
        "  return items.slice(start, start + size + 1);",
        "  return items.slice(start, start + size);",
      ),
      finding(
        2,
        "NaN passes the discount range check",
        GUARD_LINE,
        "  if (percent < 0 || percent > 100) {",
        null,
      ),
      finding(3, "Name the magic number 100", GUARD_LINE, "  if (percent < 0 || percent > 100) {", null),
    ],
    overall_correctness: "patch is incorrect",
    overall_explanation: "One off-by-one.",
    overall_confidence_score: 0.9,
  });
}

/** Seeds the invoice PR, its installation and repository (with an optional `.github/codex.yml`). */
export function seedInvoice(github: FakeGitHub, options: { draft?: boolean; config?: string } = {}): void {
  github.addInstallation({ id: INVOICE_PR.installationId, account: "acme", repositories: ["acme/billing"] });
  github.addRepo({
    owner: "acme",
    repo: "billing",
    files: options.config === undefined ? undefined : { main: { ".github/codex.yml": options.config } },
  });
  github.addPullRequest(invoicePullRequest({ draft: options.draft ?? false }));
  github.setPermission("acme", "billing", "dana", "write");
}

/** A `pull_request` event for the invoice PR at a head. */
export function invoiceEvent(
  action: PullRequestAction,
  options: { headSha?: string; draft?: boolean; before?: string; updatedAt?: string } = {},
): WebhookEvent {
  return pullRequestEvent(action, {
    pr: {
      owner: "acme",
      repo: "billing",
      number: INVOICE_PR.number,
      author: "dana",
      draft: options.draft ?? false,
      head: { sha: options.headSha ?? INVOICE_PR.headSha, ref: INVOICE_PR.headRef },
      base: { sha: INVOICE_PR.baseSha, ref: "main" },
      ...(options.updatedAt === undefined ? {} : { updatedAt: options.updatedAt }),
    },
    installationId: INVOICE_PR.installationId,
    before: options.before,
  });
}

/** Pushes a new head that appends a line to the invoice file. */
export function pushInvoice(github: FakeGitHub, n: number): string {
  const sha = pushSha(n);
  github.pushHead("acme", "billing", INVOICE_PR.number, {
    sha,
    headContents: { "src/billing/invoice.ts": `${INVOICE_HEAD}\n// revision ${n}\n` },
  });
  return sha;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Force-pushes a new head straight on top of the base: the previously reviewed head is gone. */
export function forcePushInvoice(github: FakeGitHub, n: number): string {
  const sha = pushSha(n);
  github.pushHead("acme", "billing", INVOICE_PR.number, {
    sha,
    parent: INVOICE_PR.baseSha,
    headContents: { "src/billing/invoice.ts": `${INVOICE_HEAD}\n// rewritten ${n}\n` },
  });
  return sha;
}

/** Waits for the "Codex review" check run of a head to complete (the last step of a review job). */
export async function completedCheck(
  github: FakeGitHub,
  headSha: string,
  timeoutMs = 10_000,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [run] = github.checkRuns("acme", "billing", headSha) as Array<Record<string, unknown>>;
    if (run?.["status"] === "completed") return run;
    if (Date.now() > deadline)
      throw new Error(`no completed check run on ${headSha}: ${JSON.stringify(run)}`);
    await sleep(20);
  }
}

/**
 * Waits until every "Codex review" check run of a head is completed (some end in the background,
 * such as a webhook's run that lost the race to the worker's) and returns them all.
 */
export async function allChecksCompleted(
  github: FakeGitHub,
  headSha: string,
  timeoutMs = 10_000,
): Promise<Array<Record<string, unknown>>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const runs = github.checkRuns("acme", "billing", headSha) as Array<Record<string, unknown>>;
    if (runs.length > 0 && runs.every((r) => r["status"] === "completed")) return runs;
    if (Date.now() > deadline)
      throw new Error(`check runs still open on ${headSha}: ${JSON.stringify(runs)}`);
    await sleep(20);
  }
}
