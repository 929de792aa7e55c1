import type { PullRequestRef } from "../ports.js";
import type { PullReviewComment, ReviewThread, ReviewThreadReader } from "../ports-threads.js";
import { signalOf, type MayDismiss } from "./dismissals.js";
import type { LedgerEntry } from "./entry.js";
import { isFindingComment, readGitHubState, type GitHubThreadState } from "./github-state.js";
import { parseFindingMarker } from "./marker.js";
import type { PullRequestLedger } from "./types.js";

/**
 * Rebuilds a PR's ledger from GitHub when Redis lost it, so a flushed Redis does not make the bot post
 * every finding again. Each of the bot's inline comments carries its fingerprint; the comment gives
 * the place, the diff hunk GitHub kept gives the quoted lines, the heading gives the title, and the
 * thread says what became of it (the same signals as {@link signalOf}: fixed, dismissed, or open).
 */

/**
 * The commented head lines, from the end of the diff hunk GitHub stored with the comment (it runs
 * from the hunk's header to the commented line). Empty when the hunk does not show them all.
 */
export function quoteFromDiffHunk(diffHunk: string, lineCount: number): string[] {
  const right = diffHunk
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .filter((line) => !line.startsWith("@@") && !line.startsWith("-") && !line.startsWith("\\"))
    .map((line) => line.slice(1));
  return lineCount >= 1 && right.length >= lineCount ? right.slice(-lineCount) : [];
}

/** The priority our heading tag (`**[P1]**`) names, if the comment starts with one. */
export function priorityFromBody(body: string): number | undefined {
  const tag = /^\s*\*\*\[P([0-3])\]\*\*/.exec(body);
  return tag ? Number(tag[1]) : undefined;
}

/** The finding's title from the first line of its comment, without the priority tag. */
export function titleFromBody(body: string): string {
  const first = body.replace(/\r\n?/g, "\n").split("\n")[0] ?? "";
  return first.replace(/^\s*\*\*\[P\d\]\*\*\s*/, "").trim();
}

function entryFromComment(
  comment: PullReviewComment,
  thread: ReviewThread | undefined,
  now: string,
): LedgerEntry {
  const current = comment.line !== null;
  const endLine = (current ? comment.line : comment.originalLine) ?? 1;
  const startLine = (current ? comment.startLine : comment.originalStartLine) ?? endLine;
  const originalEnd = comment.originalLine ?? endLine;
  const originalStart = comment.originalStartLine ?? originalEnd;
  const priority = priorityFromBody(comment.body);
  const original =
    comment.side === "RIGHT" ? quoteFromDiffHunk(comment.diffHunk, originalEnd - originalStart + 1) : [];
  return {
    state: "open",
    path: comment.path,
    startLine: Math.min(startLine, endLine),
    endLine,
    title: titleFromBody(comment.body),
    ...(priority !== undefined ? { priority } : {}),
    original,
    commentId: comment.id,
    threadId: thread?.id ?? null,
    firstSeenSha: comment.originalCommitId,
    lastSeenSha: comment.commitId,
    updatedAt: now,
  };
}

/** Entries for every finding comment of the bot, in the state its thread shows. Pure. */
export function rebuildEntries(
  github: GitHubThreadState,
  botLogin: string,
  trigger: string,
  now: Date,
  mayDismiss: MayDismiss,
): Map<string, LedgerEntry> {
  const threadByRoot = new Map<number, ReviewThread>();
  for (const thread of github.threads) {
    const root = thread.comments[0];
    if (root) threadByRoot.set(root.databaseId, thread);
  }
  const entries = new Map<string, LedgerEntry>();
  const stamp = now.toISOString();
  const oldestFirst = [...github.comments].sort(
    (a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id,
  );
  for (const comment of oldestFirst) {
    const fp = parseFindingMarker(comment.body);
    // A finding posted twice (before the ledger existed) is one finding: the first comment stands.
    if (fp === null || entries.has(fp) || !isFindingComment(comment, botLogin)) continue;
    const thread = threadByRoot.get(comment.id);
    const entry = entryFromComment(comment, thread, stamp);
    const signal = thread
      ? signalOf(thread, github.thumbsDown.get(comment.id), botLogin, trigger, mayDismiss)
      : ({ kind: "none" } as const);
    if (signal.kind === "fixed") {
      entries.set(fp, { ...entry, state: "fixed", fixedSha: comment.commitId });
    } else if (signal.kind === "dismissed") {
      // No `dismissedAt`: when it happened is unknown, so it is not counted as new in a summary.
      const { by, how } = signal.dismissal;
      entries.set(fp, { ...entry, state: "dismissed", dismissedBy: by, dismissedHow: how });
    } else {
      entries.set(fp, entry);
    }
  }
  return entries;
}

export interface RebuildInput {
  ledger: PullRequestLedger;
  github: ReviewThreadReader;
  pr: PullRequestRef;
  botLogin: string;
  trigger: string;
  /** Whether a person may dismiss findings on this PR (what they did counts only then). */
  mayDismiss: MayDismiss;
  now?: Date;
  /** Already read this review; read here otherwise. */
  state?: GitHubThreadState;
}

/** Reads GitHub and restores the rebuilt entries (never overwriting ones written meanwhile). */
export async function rebuildLedger(input: RebuildInput): Promise<{ restored: number; found: number }> {
  const state = input.state ?? (await readGitHubState(input.github, input.pr, input.botLogin));
  const entries = rebuildEntries(
    state,
    input.botLogin,
    input.trigger,
    input.now ?? new Date(),
    input.mayDismiss,
  );
  const restored = await input.ledger.restore(entries);
  return { restored, found: entries.size };
}
