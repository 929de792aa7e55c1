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
 * 2. `@codex ignore` in a reply of someone who may dismiss → dismissed (`ignore-command`);
 * 3. a 👎 on the finding's comment by someone who may dismiss → dismissed (`thumbs-down`);
 * 4. the thread resolved by someone who may dismiss → dismissed (`resolved-by-human`); resolved
 *    by the bot → fixed (again a write the ledger missed);
 * 5. the last word among the bot and those who may dismiss is theirs (not a command to the bot) → a
 *    rebuttal for the model.
 *
 * Who may dismiss is decided by the caller (write access, and perhaps the PR's author): anybody else
 * can neither silence a finding nor make the bot spend a model call on their reply. Their 👎 is only
 * counted, as feedback.
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
  /** 👎 on open findings by people who may not dismiss: feedback, nothing more. */
  ignoredThumbsDown: number;
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
  /** Whether a person (REST login) may dismiss findings on this PR. */
  mayDismiss: MayDismiss;
  now: Date;
  /** How recent a recorded entry may be and still miss its comment. Default 5 minutes. */
  graceMs?: number;
}

/** Whether a person (REST login) may dismiss the bot's findings on this PR. */
export type MayDismiss = (login: string | null) => boolean;

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

/** The people whose permission decides what a PR's finding threads mean: repliers, resolvers, 👎. */
export function dismissalCandidates(github: GitHubThreadState, botLogin: string): string[] {
  const logins = new Set<string>();
  const add = (login: string | null, isBot: boolean) => {
    if (login !== null && !isBot && !sameLogin(login, botLogin)) logins.add(login.toLowerCase());
  };
  for (const thread of github.threads) {
    const [root, ...replies] = thread.comments;
    if (!root || !sameLogin(root.author, botLogin)) continue;
    for (const reply of replies) add(reply.author, reply.authorIsBot);
    if (thread.isResolved) add(thread.resolvedBy, thread.resolvedByBot);
  }
  for (const reactions of github.thumbsDown.values()) for (const r of reactions) add(r.user, r.userIsBot);
  return [...logins].sort();
}

function transcriptOf(thread: ReviewThread, botLogin: string, mayDismiss: MayDismiss): TranscriptLine[] {
  const line = (c: ThreadComment): TranscriptLine => ({
    author: c.author ?? "ghost",
    fromBot: sameLogin(c.author, botLogin),
    body: stripMarkers(c.body).slice(0, MAX_TRANSCRIPT_BODY),
    createdAt: c.createdAt,
  });
  const [first, ...replies] = thread.comments;
  if (!first) return [];
  // Only words that could steer the decision reach the model: the bot's and its dismissers'.
  const heard = replies.filter((c) => sameLogin(c.author, botLogin) || mayDismiss(c.author));
  return [line(first), ...heard.slice(-MAX_TRANSCRIPT_REPLIES).map(line)];
}

type Signal = (
  { kind: "fixed" } | { kind: "dismissed"; dismissal: Dismissal } | { kind: "rebuttal" } | { kind: "none" }
) & {
  /** 👎 by people who may not dismiss. */
  ignoredThumbsDown?: number;
};

/** The signal a thread (and the reactions on its first comment) gives about its finding. */
export function signalOf(
  thread: ReviewThread,
  reactions: readonly CommentReaction[] | undefined,
  botLogin: string,
  trigger: string,
  mayDismiss: MayDismiss,
): Signal {
  const replies = thread.comments.slice(1);
  const people = replies.filter((c) => isPerson(c, botLogin) && mayDismiss(c.author));
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
  const downs = (reactions ?? []).filter(
    (r) => r.content === "-1" && !r.userIsBot && !sameLogin(r.user, botLogin),
  );
  const down = downs.find((r) => mayDismiss(r.user));
  const ignoredThumbsDown = downs.filter((r) => !mayDismiss(r.user)).length;
  if (down) return { kind: "dismissed", dismissal: { by: down.user ?? "ghost", how: "thumbs-down" } };
  if (thread.isResolved) {
    if (sameLogin(thread.resolvedBy, botLogin) && thread.resolvedByBot) return { kind: "fixed" };
    if (mayDismiss(thread.resolvedBy)) {
      return {
        kind: "dismissed",
        dismissal: { by: thread.resolvedBy ?? "unknown", how: "resolved-by-human" },
      };
    }
  }
  const last = [...replies].reverse().find((c) => sameLogin(c.author, botLogin) || people.includes(c));
  if (last && people.includes(last) && commandWord(last.body, trigger) === null) {
    return { kind: "rebuttal", ignoredThumbsDown };
  }
  return { kind: "none", ignoredThumbsDown };
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
  const out: ThreadSignals = {
    ignoredThumbsDown: 0,
    dismissals: [],
    fixed: [],
    gone: [],
    rebuttals: [],
    threadIds: new Map(),
  };
  for (const [fingerprint, entry] of input.entries) {
    if (entry.state !== "open" || entry.commentId === null) continue;
    const thread = byRoot.get(entry.commentId);
    if (!thread) {
      const age = input.now.getTime() - Date.parse(entry.updatedAt);
      if (age > graceMs) out.gone.push(fingerprint);
      continue;
    }
    if (entry.threadId !== thread.id) out.threadIds.set(fingerprint, thread.id);
    const signal = signalOf(
      thread,
      github.thumbsDown.get(entry.commentId),
      botLogin,
      trigger,
      input.mayDismiss,
    );
    out.ignoredThumbsDown += signal.ignoredThumbsDown ?? 0;
    if (signal.kind === "fixed") out.fixed.push(fingerprint);
    else if (signal.kind === "dismissed") out.dismissals.push({ fingerprint, dismissal: signal.dismissal });
    else if (signal.kind === "rebuttal") {
      out.rebuttals.push({
        fingerprint,
        entry,
        threadId: thread.id,
        commentId: entry.commentId,
        transcript: transcriptOf(thread, botLogin, input.mayDismiss),
      });
    }
  }
  return out;
}
