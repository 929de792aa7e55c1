import type { FakeGitHub } from "../fakes/github/index.js";
import { pullRequestEvent, type PullRequestAction, type WebhookEvent } from "../fixtures/github/webhooks.js";
import { INVOICE_HEAD, INVOICE_PR, invoicePullRequest } from "../fixtures/prs/invoice-pr.js";

// The model's answers are built in `test/fakes/model/answers.ts`; these are kept here for the
// tests that import them with the rest of the invoice helpers.
export { GUARD_LINE, SLICE_LINE, invoiceAnswer } from "../fakes/model/answers.js";

/** A head SHA for the n-th push of a test. */
export const pushSha = (n: number): string => `${"c0ffee".repeat(6)}${n.toString(16).padStart(4, "0")}`;

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
