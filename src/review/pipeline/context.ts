import type { Log } from "../../observability/log.js";
import type {
  CheckRunPublisher,
  PullRequestReader,
  ReasoningEffort,
  ReviewModel,
  ReviewPublisher,
} from "../ports.js";
import type { DismissalPolicy, PermissionMemory } from "./authorize.js";
import type { OutsiderBudget } from "./outsiders.js";
import type { RepoFileCache } from "./repo-files.js";
import type { LaneGate } from "./lane-gate.js";
import type { LedgerDeps } from "./ledger-step.js";
import type { ReviewMemory } from "./memory.js";

/** Review settings: the server's defaults (environment), then the repository's `.github/codex.yml`. */
export interface ReviewSettings {
  /** The model id asked (the client may fall back to another; the answer names the one used). */
  model: string;
  /** Reasoning effort sent with every request. */
  effort: ReasoningEffort;
  /** Output budget per model call (reasoning included). */
  maxOutputTokens: number;
  /** The model's context window, for planning lanes. */
  contextTokens: number;
  /** Inline comments per review; the rest are listed in the body. Default 25. */
  maxInlineComments: number;
  /** Longest suggestion block, in lines. Default 10. */
  maxSuggestionLines: number;
  /** The mention that addresses the bot; never echoed in a form that would trigger it. */
  trigger: string;
  /** Every word that would trigger the bot (the server's and the repository's), defused in output. */
  triggerWords: string[];
  /** Model calls (lanes) in flight for one review. Default 32. */
  laneConcurrency: number;
  /** Expected findings per lane (lanes are sized by the answer they will stream). Default 1. */
  laneFindings: number;
  /** Most files in one lane, however small. Default 8. */
  laneMaxFiles: number;
  /** Most estimated diff tokens in one lane. Default 3,000. */
  laneMaxTokens: number;
  /**
   * Most model calls (lanes) for one review, and no more than the lane gate lets one installation
   * run at once; past it lanes grow, then files are left out. Default 32.
   */
  maxLanes: number;
  /**
   * Lanes in flight across the worker process and per installation; shared by all jobs of a process
   * (built in `src/main/worker.ts`). Absent: only `laneConcurrency` bounds a review.
   */
  laneGate?: LaneGate;
  /**
   * Config and guideline files kept per commit for the process's reviews, with the default
   * branch's head and the base tree's listing (built in `src/main/worker.ts`). Absent: every
   * review reads them, probing each directory for guideline files.
   */
  repoFiles?: RepoFileCache;
  /**
   * The least important priority posted inline; the rest go to the body's collapsed section. 4 keeps
   * unprioritised findings inline too. Default 1 (P0 and P1).
   */
  inlineUpToPriority: number;
  /** Quiet passes (drafts) put only findings up to this priority inline. Default 1. */
  quietMaxPriority: number;
  /** Findings with a lower confidence score (0–1) are not posted at all. Default 0.5. */
  minConfidence: number;
  /** BCP 47 tag of the language review text is written in; null = English. Default null. */
  language: string | null;
  /** Globs of files never reviewed, on top of the default excludes. */
  excludePaths: string[];
  /** Globs of files reviewed even though a default exclude matches. */
  includePaths: string[];
  /** Check-run conclusion when a P0 finding exists. Default neutral. */
  conclusionOnP0: "neutral" | "failure";
  /** Who may dismiss findings (`dismissals` in `.github/codex.yml`). Default collaborators. */
  dismissals: DismissalPolicy;
}

export const DEFAULT_REVIEW_SETTINGS: Omit<
  ReviewSettings,
  "model" | "effort" | "maxOutputTokens" | "contextTokens" | "trigger" | "triggerWords"
> = {
  maxInlineComments: 25,
  maxSuggestionLines: 10,
  laneConcurrency: 32,
  laneFindings: 1,
  laneMaxFiles: 8,
  laneMaxTokens: 3_000,
  maxLanes: 32,
  inlineUpToPriority: 1,
  quietMaxPriority: 1,
  minConfidence: 0.5,
  language: null,
  excludePaths: [],
  includePaths: [],
  conclusionOnP0: "neutral",
  dismissals: "collaborators",
};

/** Everything one review job works with; built per job, never shared mutable state. */
export interface ReviewContext {
  log: Log;
  reader: PullRequestReader;
  publisher: ReviewPublisher;
  checks: CheckRunPublisher;
  memory: ReviewMemory;
  /** Cached collaborator permissions and once-per-PR refusals. */
  permissions: PermissionMemory;
  /** The shared budget of automatic reviews of outsiders' PRs; absent: unlimited. */
  budget?: OutsiderBudget;
  /** The PR's finding ledger and the thread adapter it works through. */
  ledger: LedgerDeps;
  model: ReviewModel;
  settings: ReviewSettings;
  signal?: AbortSignal;
}
