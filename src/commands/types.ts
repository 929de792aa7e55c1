/**
 * A comment's request to the bot, as the grammar reads it. Every command that takes free text
 * carries it in `text` (trimmed, possibly empty); the whole comment is still the context the model
 * sees, so `text` is what the user typed after the command word, not a complete prompt.
 */
/** What `@codex review …` covers when the person said more than "review". */
export type ReviewScope =
  /** Exactly the commits `from..to` of the pull request (SHAs or prefixes, as written). */
  | { kind: "range"; from: string; to: string }
  /** The whole pull request again, not held to what earlier passes said. */
  | { kind: "full" }
  /** Only the changed files matching these globs (picomatch, on the head path). */
  | { kind: "paths"; globs: string[] };

export type Command =
  /**
   * Review the pull request now; `text` is an optional focus ("the error handling"); `scope`, when
   * present, a range, `full` or paths.
   */
  | { kind: "review"; text: string; scope?: ReviewScope }
  /** A small patch: in a review thread for the commented lines, elsewhere as a review with suggestions. */
  | { kind: "fix"; text: string }
  /** A question (`explain …` or any other free text); `text` is the whole request, verb included. */
  | { kind: "ask"; text: string }
  /** The usage message; no model call. */
  | { kind: "help" }
  /** Stop automatic reviews on this pull request; `text` is an ignored note. */
  | { kind: "pause"; text: string }
  /** Restart automatic reviews on this pull request; `text` is an ignored note. */
  | { kind: "resume"; text: string }
  /** Commit every still-applicable suggestion the bot posted on the current head. */
  | { kind: "apply" }
  /** In a review thread: dismiss this finding; `text` is the optional reason. */
  | { kind: "ignore"; text: string }
  /** Addressed to the bot but not understood; `reason` is one sentence for the usage reply. */
  | { kind: "unknown"; word: string; reason: string };

export type CommandKind = Command["kind"];

/** The conversation commands a worker carries out (a review is a review job, not one of these). */
export const CONVERSATION_COMMANDS = ["ask", "thread", "apply", "pause", "resume", "ignore"] as const;
export type ConversationCommand = (typeof CONVERSATION_COMMANDS)[number];
