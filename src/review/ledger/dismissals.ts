import { parseCommand } from "../../commands/parse.js";
import type { CommentReaction, ReviewThread, ThreadComment } from "../ports-threads.js";
import type { LedgerEntry } from "./entry.js";
import { sameLogin, type GitHubThreadState } from "./github-state.js";
import { parseClosingMarker, stripMarkers } from "./marker.js";
import type { Dismissal } from "./types.js";

/**
 * What people said about the bot's open findings, read from GitHub state. Pure. Per open entry, the
 * first signal that applies wins:
 *
 * 1. a reply of the bot itself that closed the finding (a hidden marker): the ledger missed recording
 *    it (a crash between the reply and the write) → fixed, or dismissed as a conceded rebuttal;
 * 2. `@codex ignore` in a person's reply → dismissed (`ignore-command`);
 * 3. a 👎 by a person on the finding's comment → dismissed (`thumbs-down`);
 * 4. the thread resolved by someone other than the bot → dismissed (`resolved-by-human`); resolved
 *    by the bot → fixed (again a write the ledger missed);
 * 5. the thread's last word is a person's (not a command to the bot) → a rebuttal for the model.
 *
 * An entry whose comment no longer exists (deleted) becomes outdated, after a grace period that
 * covers the moment between posting a review and recording it.
 */

export interface TranscriptLine {
  author: string;
  /** True for the bot's own comments (the finding first). */
  fromBot: boolean;
  /** Markers removed; cut to a few thousand characters. */
  body: string;
  createdAt: string;
}

/** A thread where a person answered the finding: the model decides whether it concedes. */
export interface Rebuttal {
  fingerprint: string;
  entry: LedgerEntry;
  threadId: string;
  /** The finding's comment, to reply to. */
  commentId: number;
  /** The finding first, then the replies (the latest ones if the thread is long). */
  transcript: TranscriptLine[];
}

export interface ThreadSignals {
  dismissals: Array<{ fingerprint: string; dismissal: Dismissal }>;
  /** Open entries GitHub shows as already fixed by the bot. */
  fixed: string[];
  /** Open entries whose comment is gone. */
  gone: string[];
  rebuttals: Rebuttal[];
  /** Thread ids the ledger does not know yet. */
  threadIds: Map<string, string>;
}

export interface ReadSignalsInput {
  entries: ReadonlyMap<string, LedgerEntry>;
  github: GitHubThreadState;
  /** The app's bot login, REST form (`slug[bot]`). */
  botLogin: string;
  /** The mention that addresses the bot, e.g. `@codex`. */
  trigger: string;
  now: Date;
  /** How recent a recorded entry may be and still miss its comment. Default 5 minutes. */
  graceMs?: number;
}

const MAX_TRANSCRIPT_BODY = 4_000;
const MAX_TRANSCRIPT_REPLIES = 12;

function commandWord(body: string, trigger: string): string | null {
  const command = parseCommand(body, trigger);
  if (command === null) return null;
  return command.kind === "unknown" ? command.word : command.kind;
}

function isPerson(comment: ThreadComment, botLogin: string): boolean {
  return !comment.authorIsBot && !sameLogin(comment.author, botLogin);
}

function transcriptOf(thread: ReviewThread, botLogin: string): TranscriptLine[] {
  const line = (c: ThreadComment): TranscriptLine => ({
    author: c.author ?? "ghost",
    fromBot: sameLogin(c.author, botLogin),
    body: stripMarkers(c.body).slice(0, MAX_TRANSCRIPT_BODY),
    createdAt: c.createdAt,
  });
  const [first, ...replies] = thread.comments;
  if (!first) return [];
  return [line(first), ...replies.slice(-MAX_TRANSCRIPT_REPLIES).map(line)];
}

type Signal =
  { kind: "fixed" } | { kind: "dismissed"; dismissal: Dismissal } | { kind: "rebuttal" } | { kind: "none" };

/** The signal a thread (and the reactions on its first comment) gives about its finding. */
export function signalOf(
  thread: ReviewThread,
  reactions: readonly CommentReaction[] | undefined,
  botLogin: string,
  trigger: string,
): Signal {
  const replies = thread.comments.slice(1);
  const people = replies.filter((c) => isPerson(c, botLogin));
  for (const reply of [...replies].reverse()) {
    if (!sameLogin(reply.author, botLogin)) continue;
    const closing = parseClosingMarker(reply.body);
    if (closing?.kind === "fixed") return { kind: "fixed" };
    if (closing?.kind === "dismissed") {
      const by = people.filter((c) => c.createdAt <= reply.createdAt).at(-1)?.author ?? "unknown";
      return { kind: "dismissed", dismissal: { by, how: "rebuttal" } };
    }
  }
  const ignore = people.find((c) => commandWord(c.body, trigger) === "ignore");
  if (ignore)
    return { kind: "dismissed", dismissal: { by: ignore.author ?? "ghost", how: "ignore-command" } };
  const down = (reactions ?? []).find(
    (r) => r.content === "-1" && !r.userIsBot && !sameLogin(r.user, botLogin),
  );
  if (down) return { kind: "dismissed", dismissal: { by: down.user ?? "ghost", how: "thumbs-down" } };
  if (thread.isResolved) {
    if (sameLogin(thread.resolvedBy, botLogin)) return { kind: "fixed" };
    return { kind: "dismissed", dismissal: { by: thread.resolvedBy ?? "unknown", how: "resolved-by-human" } };
  }
  const last = thread.comments.at(-1);
  if (replies.length > 0 && last && isPerson(last, botLogin) && commandWord(last.body, trigger) === null) {
    return { kind: "rebuttal" };
  }
  return { kind: "none" };
}

/** Reads every signal about the ledger's open findings. */
export function readSignals(input: ReadSignalsInput): ThreadSignals {
  const { github, botLogin, trigger } = input;
  const graceMs = input.graceMs ?? 5 * 60_000;
  const byRoot = new Map<number, ReviewThread>();
  for (const thread of github.threads) {
    const root = thread.comments[0];
    if (root) byRoot.set(root.databaseId, thread);
  }
  const out: ThreadSignals = { dismissals: [], fixed: [], gone: [], rebuttals: [], threadIds: new Map() };
  for (const [fingerprint, entry] of input.entries) {
    if (entry.state !== "open" || entry.commentId === null) continue;
    const thread = byRoot.get(entry.commentId);
    if (!thread) {
      const age = input.now.getTime() - Date.parse(entry.updatedAt);
      if (age > graceMs) out.gone.push(fingerprint);
      continue;
    }
    if (entry.threadId !== thread.id) out.threadIds.set(fingerprint, thread.id);
    const signal = signalOf(thread, github.thumbsDown.get(entry.commentId), botLogin, trigger);
    if (signal.kind === "fixed") out.fixed.push(fingerprint);
    else if (signal.kind === "dismissed") out.dismissals.push({ fingerprint, dismissal: signal.dismissal });
    else if (signal.kind === "rebuttal") {
      out.rebuttals.push({
        fingerprint,
        entry,
        threadId: thread.id,
        commentId: entry.commentId,
        transcript: transcriptOf(thread, botLogin),
      });
    }
  }
  return out;
}
