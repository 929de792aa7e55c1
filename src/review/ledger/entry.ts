import { z } from "zod";

/**
 * One finding's record in a PR's ledger, stored as JSON in Redis and validated on every read.
 *
 * States:
 * - `posting`: claimed by a worker that is about to post it (a lease guards against a worker that
 *   died before recording the comment);
 * - `open`: posted, its thread is live;
 * - `fixed`: its code left the head; the bot replied and resolved the thread;
 * - `dismissed`: a person said no (👎, resolved it, `@codex ignore`, a rebuttal the model accepted);
 *   never raised again on this PR;
 * - `outdated`: its comment is gone or its file left the PR without the code being fixed; posted
 *   again if the model raises it again.
 */
export const ledgerStates = ["posting", "open", "fixed", "dismissed", "outdated"] as const;

export const dismissalHows = ["ignore-command", "thumbs-down", "resolved-by-human", "rebuttal"] as const;

const sha = z.string().min(1);

export const ledgerEntrySchema = z.object({
  state: z.enum(ledgerStates),
  /** Head path where the finding was last seen. */
  path: z.string().min(1),
  startLine: z.number().int().min(1),
  endLine: z.number().int().min(1),
  title: z.string(),
  /** The finding's priority (0 = P0 … 3 = P3) when it had one; the value metrics are counted by it. */
  priority: z.number().int().min(0).max(3).optional(),
  /**
   * The quoted head lines when last seen: how the next review tells whether the code is still there.
   * Empty when rebuilt from a comment whose diff hunk did not show them (then never auto-resolved).
   */
  original: z.array(z.string()),
  /** REST id of the bot's inline comment (the thread's first comment); null until posted. */
  commentId: z.number().int().nullable(),
  /** GraphQL node id of the review thread, what `resolveReviewThread` takes; null until known. */
  threadId: z.string().nullable(),
  firstSeenSha: sha,
  lastSeenSha: sha,
  /** The head in which the code was found gone. */
  fixedSha: sha.optional(),
  /** The head for which a "still present" note was posted, so a retry does not post it twice. */
  notedSha: sha.optional(),
  /**
   * Set when this posting's fix was counted: a fix undone by `reopen` and recorded again is still one
   * fix. Claiming the finding again (the code came back) writes a fresh entry without it.
   */
  fixCounted: z.boolean().optional(),
  dismissedBy: z.string().optional(),
  dismissedHow: z.enum(dismissalHows).optional(),
  dismissedAt: z.string().optional(),
  /** ISO time of the last change. */
  updatedAt: z.string(),
});

export type LedgerEntry = z.infer<typeof ledgerEntrySchema>;
export type LedgerState = LedgerEntry["state"];
export type DismissalHow = (typeof dismissalHows)[number];

/** Parses a stored entry; null for anything that is not a valid entry (it is then treated as absent). */
export function parseEntry(raw: string | null | undefined): LedgerEntry | null {
  if (raw === null || raw === undefined) return null;
  try {
    const result = ledgerEntrySchema.safeParse(JSON.parse(raw));
    return result.success ? result.data : null;
  } catch {
    return null;
  }
}

/** PR-level facts the ledger keeps next to its entries. */
export const ledgerMetaSchema = z.object({
  /** The head SHA of the last review that recorded its outcome. */
  lastReviewSha: z.string().optional(),
  /** ISO time of that review; dismissals after it are "new" in the next summary. */
  lastReviewAt: z.string().optional(),
  /** ISO time the ledger was rebuilt from GitHub, if it was. */
  rebuiltAt: z.string().optional(),
  /** ISO time the PR was last seen closed (its keys then expire, unless it was reopened). */
  closedAt: z.string().optional(),
  /** REST login of the PR's author, so that dismissals can be told apart: the author's or a collaborator's. */
  author: z.string().optional(),
  /** ISO time the findings still open at close were counted; set once, so they are counted once. */
  settledAt: z.string().optional(),
});

export type LedgerMeta = z.infer<typeof ledgerMetaSchema>;
