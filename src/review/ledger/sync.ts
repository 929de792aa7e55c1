import type { PullRequestRef } from "../ports.js";
import type { ReviewThread, ReviewThreadReader } from "../ports-threads.js";
import { dismissalCandidates, readSignals, type Rebuttal } from "./dismissals.js";
import type { LedgerEntry, LedgerMeta } from "./entry.js";
import { readGitHubState } from "./github-state.js";
import { rebuildLedger } from "./rebuild.js";
import type { Dismissal, PullRequestLedger } from "./types.js";

export interface SyncInput {
  ledger: PullRequestLedger;
  github: ReviewThreadReader;
  pr: PullRequestRef;
  /** The app's bot login, REST form (`slug[bot]`). */
  botLogin: string;
  /** The mention that addresses the bot, e.g. `@codex`. */
  trigger: string;
  /**
   * Of the given logins (lower case), those who may dismiss findings on this PR: write access, or
   * the PR's author when the repository allows it. Asked once per sync, for everyone at once.
   */
  whoMayDismiss(logins: readonly string[]): Promise<ReadonlySet<string>>;
  /** Default `new Date()`. */
  now?: Date;
}

export interface SyncResult {
  /** The ledger after the sync, for {@link reconcile}. */
  entries: Map<string, LedgerEntry>;
  meta: LedgerMeta;
  threads: ReviewThread[];
  /** Ids of threads GitHub shows as outdated (for `reconcile`'s still-present rule). */
  outdatedThreads: Set<string>;
  /** Entries restored from GitHub because Redis knew nothing of the PR; null when not rebuilt. */
  rebuilt: number | null;
  /** 👎 on open findings by people who may not dismiss them: counted, not obeyed. */
  ignoredThumbsDown: number;
  /** Dismissals recorded by this sync. */
  dismissed: Array<{ fingerprint: string; dismissal: Dismissal }>;
  /** Threads a person answered: the model decides (the lead's pipeline), then reply and maybe dismiss. */
  rebuttals: Rebuttal[];
}

/**
 * Brings the ledger up to date with GitHub before a review: rebuilds it when Redis lost it, then
 * records what people did since the last review (👎, resolved threads, `@codex ignore`, deleted
 * comments) and learns thread ids. Reads GitHub once: two list calls, plus one per disliked comment.
 */
export async function syncLedger(input: SyncInput): Promise<SyncResult> {
  const { ledger, github, pr, botLogin, trigger } = input;
  const now = input.now ?? new Date();
  const state = await readGitHubState(github, pr, botLogin);
  const dismissers = await input.whoMayDismiss(dismissalCandidates(state, botLogin));
  const mayDismiss = (login: string | null) => login !== null && dismissers.has(login.toLowerCase());
  let rebuilt: number | null = null;
  if (await ledger.needsRebuild()) {
    rebuilt = (await rebuildLedger({ ledger, github, pr, botLogin, trigger, mayDismiss, now, state }))
      .restored;
  }
  const before = await ledger.all();
  const signals = readSignals({ entries: before, github: state, botLogin, trigger, mayDismiss, now });

  for (const [fingerprint, threadId] of signals.threadIds) await ledger.setThreadId(fingerprint, threadId);
  for (const fingerprint of signals.fixed) {
    await ledger.markFixed(fingerprint, before.get(fingerprint)?.lastSeenSha ?? "unknown");
  }
  for (const fingerprint of signals.gone) {
    await ledger.markOutdated(fingerprint, before.get(fingerprint)?.lastSeenSha ?? "unknown");
  }
  const dismissed: SyncResult["dismissed"] = [];
  for (const item of signals.dismissals) {
    if (await ledger.markDismissed(item.fingerprint, item.dismissal)) dismissed.push(item);
  }

  const [entries, meta] = await Promise.all([ledger.all(), ledger.meta()]);
  const live = new Set([...entries].filter(([, e]) => e.state === "open").map(([fp]) => fp));
  return {
    entries,
    meta,
    threads: state.threads,
    outdatedThreads: new Set(state.threads.filter((t) => t.isOutdated).map((t) => t.id)),
    rebuilt,
    ignoredThumbsDown: signals.ignoredThumbsDown,
    dismissed,
    rebuttals: signals.rebuttals
      .filter((r) => live.has(r.fingerprint))
      .map((r) => ({ ...r, entry: entries.get(r.fingerprint) ?? r.entry })),
  };
}
