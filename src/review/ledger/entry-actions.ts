import type { Log } from "../../observability/log.js";
import type { PullRequestRef } from "../ports.js";
import type { ReviewThreadWriter } from "../ports-threads.js";
import type { EntryAction } from "./reconcile.js";
import type { PullRequestLedger } from "./types.js";

export interface ApplyDeps {
  ledger: PullRequestLedger;
  threads: ReviewThreadWriter;
  pr: PullRequestRef;
  log?: Log;
}

export interface ApplyReport {
  resolved: string[];
  noted: string[];
  tracked: string[];
  outdated: string[];
  /** GitHub refused or failed; the ledger was put back where the next review tries again. */
  failed: Array<{ fingerprint: string; kind: EntryAction["kind"]; error: unknown }>;
}

/**
 * Carries out reconcile's entry actions. The ledger changes first, with a compare-and-set that only
 * one worker wins, so two workers on the same head never both reply "Fixed". GitHub errors do not
 * throw: the review is already posted, and a retried job would not come back here. A resolution whose
 * reply failed is reopened for the next review; one whose reply went out but whose thread did not
 * resolve stays fixed (replying twice would be worse than an unresolved thread).
 */
export async function applyEntryActions(
  deps: ApplyDeps,
  actions: readonly EntryAction[],
  headSha: string,
): Promise<ApplyReport> {
  const { ledger, threads, pr, log } = deps;
  const report: ApplyReport = { resolved: [], noted: [], tracked: [], outdated: [], failed: [] };
  const fail = (fingerprint: string, kind: EntryAction["kind"], error: unknown) => {
    report.failed.push({ fingerprint, kind, error });
    log?.warn({ fingerprint, action: kind, err: error }, "ledger action failed on GitHub");
  };

  for (const action of actions) {
    const { fingerprint, entry } = action;
    const anchor = { path: entry.path, commitId: headSha };
    switch (action.kind) {
      case "resolve": {
        if (!(await ledger.markFixed(fingerprint, headSha))) break;
        if (entry.commentId !== null) {
          try {
            await threads.replyToReviewComment(pr, entry.commentId, action.reply, anchor);
          } catch (error) {
            await ledger.reopen(fingerprint);
            fail(fingerprint, action.kind, error);
            break;
          }
        }
        if (entry.threadId !== null) {
          try {
            await threads.resolveThread(entry.threadId);
          } catch (error) {
            fail(fingerprint, action.kind, error);
            break;
          }
        }
        report.resolved.push(fingerprint);
        break;
      }
      case "note": {
        if (entry.commentId === null || !(await ledger.markNoted(fingerprint, headSha))) break;
        try {
          await threads.replyToReviewComment(pr, entry.commentId, action.reply, anchor);
          report.noted.push(fingerprint);
        } catch (error) {
          fail(fingerprint, action.kind, error);
        }
        break;
      }
      case "track":
        if (await ledger.track(fingerprint, action.to, headSha)) report.tracked.push(fingerprint);
        break;
      case "outdate":
        if (await ledger.markOutdated(fingerprint, headSha)) report.outdated.push(fingerprint);
        break;
    }
  }
  return report;
}
