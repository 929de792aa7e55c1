import type { ModelUsage } from "../ports.js";
import type { NotReviewedEntry } from "./body.js";

/** The inputs and outputs of the check-run renderers (`check-run.ts`). */

/** Which review a check run reports on; the review job's `mode` and `quiet`. */
export interface CheckPass {
  /** `full` reviews the whole PR; `incremental` the commits since the last head the bot reviewed. */
  mode: "full" | "incremental";
  /** A quiet pass (draft PRs) posts only the most important findings inline. */
  quiet: boolean;
}

export type CheckConclusion = "success" | "neutral" | "failure" | "skipped" | "cancelled";

/** A check run's `output` without `text`. */
export interface CheckText {
  /** Plain text, one line. */
  title: string;
  /** Markdown, at most 65,535 characters. */
  summary: string;
}

/** One finding of the finished review, as it was published. */
export interface CheckFinding {
  /** 0 = must fix … 3 = nit; null when the model gave none. */
  priority: number | null;
  /** `inline`: an inline comment; `body`: listed in the review body (held back or not placeable). */
  placement: "inline" | "body";
}

export interface SanitizedInput {
  /** Trigger words defused in everything rendered. Default ["@codex"]. */
  triggerWords?: readonly string[];
}

export interface CheckInProgressInput extends SanitizedInput {
  pass: CheckPass;
  /** Files sent to the model. */
  files: number;
  /** The model id asked. */
  model: string;
}

export interface CheckCompletedInput extends SanitizedInput {
  pass: CheckPass;
  findings: readonly CheckFinding[];
  /** Files the model saw, whole or in part. */
  filesReviewed: number;
  /** The planner's `notReviewed`: every file (or part) left out, and why. */
  notReviewed: readonly NotReviewedEntry[];
  /** Files the PR changes beyond GitHub's 3,000-file listing, never seen by the review. Default 0. */
  unlistedFiles?: number;
  /** Their paths, when they could be learned. Default none. */
  unlistedPaths?: readonly string[];
  /** Why the pass is full though an incremental one was due (plain text). Default none. */
  fallback?: string;
  /** The model id that answered. */
  model: string;
  /** Wall time of the review, from job start to the review being posted. */
  durationMs: number;
  /** Tokens of every model request of the review, summed. */
  usage: ModelUsage;
  /** Paid model calls of the review over all its attempts (a retry that reposts adds none). */
  modelCalls?: number;
  /** The repository's `conclusion.onP0`. Default "neutral". */
  onP0?: "neutral" | "failure";
  /** `parseRepoConfig`'s problems; shown so that a broken config file is noticed. Default none. */
  configProblems?: readonly string[];
  /** The config file the problems are about. Default ".github/codex.yml". */
  configPath?: string;
  /** Paths of the guideline files whose review section was used. Default none. */
  guidelineSources?: readonly string[];
  /** 👎 on the bot's findings by people who may not dismiss them: reported as feedback. Default 0. */
  ignoredThumbsDown?: number;
  /** Findings not posted at all, by rule (not in `findings`). Default none. */
  leftOut?: { lowConfidence: number; unchangedCode: number; minConfidence: number };
  /** The PR's findings so far, from its ledger. Default: not shown. */
  soFar?: { fixed: number; dismissed: number; open: number };
}

export interface CheckCompleted extends CheckText {
  conclusion: "success" | "neutral" | "failure";
  /** Markdown details: the files not reviewed. */
  text: string;
}

export interface CheckFailedInput extends SanitizedInput {
  /** What went wrong, in a few words: "model rate-limited", "model id not available to this key". */
  reason: string;
  /** What happens next ("comment @codex review to try again"), or null when nothing will by itself. */
  next: string | null;
  /**
   * Someone must change something (the API key, the model id, the quota) before any review can
   * succeed: the run fails, so it is seen, instead of being neutral. Default false.
   */
  needsAction?: boolean;
  configProblems?: readonly string[];
  /** Default ".github/codex.yml". */
  configPath?: string;
}

export interface CheckRetryingInput extends SanitizedInput {
  /** What went wrong, in a few words. */
  reason: string;
  /** When the next attempt starts. */
  retryAt: Date;
  /** The attempt that will start then (2 for the first retry), and how many there are at most. */
  attempt?: number;
  maxAttempts?: number;
}

export type CheckSkippedInput =
  /** A newer head arrived; the review moved there. */
  | { reason: "superseded"; newerHeadSha?: string }
  /** The pull request was closed before the review finished. */
  | { reason: "closed" };
