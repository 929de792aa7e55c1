import type { ReceivedRequest } from "../fakes/model/index.js";
import {
  issueCommentCreated,
  pullRequestReviewCommentCreated,
  type WebhookEvent,
} from "../fixtures/github/webhooks.js";
import { INVOICE_PR } from "../fixtures/prs/invoice-pr.js";
import type { Harness } from "./harness.js";
import { SLICE_LINE, completedCheck, invoiceAnswer } from "./lifecycle-support.js";

export const BUGGY = "  return items.slice(start, start + size + 1);";
export const FIXED = "  return items.slice(start, start + size);";
const PR = {
  owner: "acme",
  repo: "billing",
  number: INVOICE_PR.number,
  author: "dana",
  head: { sha: INVOICE_PR.headSha, ref: INVOICE_PR.headRef },
  base: { sha: INVOICE_PR.baseSha, ref: "main" },
};

/** The fake model's answers, by the schema each request asks for. */
export function conversationScript(request: ReceivedRequest): string {
  const format = (request.body["text"] as { format: { name: string } }).format.name;
  if (format === "thread_reply") {
    return JSON.stringify({
      reply: "`slice` excludes its end index, so drop the `+ 1`.",
      suggestion: {
        start_line: SLICE_LINE,
        end_line: SLICE_LINE,
        original_code: BUGGY,
        replacement: FIXED,
        deletes_lines: false,
      },
    });
  }
  if (format === "conversation_answer") {
    return JSON.stringify({ answer: "`applyDiscount` rounds half away from zero via `Math.round`." });
  }
  return invoiceAnswer();
}

export function comment(commentId: number, body: string, user = "dana"): WebhookEvent {
  return issueCommentCreated({ pr: PR, installationId: INVOICE_PR.installationId, commentId, body, user });
}

/** A reply in the thread of `rootId` (a review comment of the bot), seeded and delivered. */
export async function replyInThread(
  h: Harness,
  rootId: number,
  body: string,
  user = "dana",
): Promise<number> {
  const { id } = h.github.addReviewComment({
    owner: "acme",
    repo: "billing",
    number: INVOICE_PR.number,
    user,
    body,
    inReplyTo: rootId,
  });
  const root = (
    h.github.reviewComments("acme", "billing", INVOICE_PR.number) as Array<Record<string, unknown>>
  ).find((c) => c["id"] === rootId);
  const event = pullRequestReviewCommentCreated({
    pr: PR,
    installationId: INVOICE_PR.installationId,
    comment: {
      id,
      reviewId: Number(root?.["pull_request_review_id"] ?? 1),
      body,
      user,
      path: String(root?.["path"]),
      line: Number(root?.["line"]),
      diffHunk: String(root?.["diff_hunk"]),
      inReplyToId: rootId,
    },
  });
  expect200(await h.deliver(event));
  return id;
}

function expect200(status: number): void {
  if (status !== 200) throw new Error(`webhook answered ${status}`);
}

/**
 * Runs the review that creates the bot's finding threads, and returns the comment id of the finding
 * on `path` at `line` (by default the slice finding).
 */
export async function reviewFirst(
  h: Harness,
  path = "src/billing/invoice.ts",
  line = SLICE_LINE,
): Promise<number> {
  expect200(await h.deliver(comment(100, "@codex review")));
  await h.github.waitForRequests("pulls/create-review", 1);
  await completedCheck(h.github, INVOICE_PR.headSha);
  const found = (
    h.github.reviewComments("acme", "billing", INVOICE_PR.number) as Array<{
      id: number;
      line: number;
      path: string;
    }>
  ).find((c) => c.line === line && c.path === path);
  if (!found) throw new Error(`no finding on ${path}:${line}`);
  return found.id;
}

export { PR };
