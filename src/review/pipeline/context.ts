import type { Log } from "../../observability/log.js";
import type {
  CheckRunPublisher,
  PullRequestReader,
  ReasoningEffort,
  ReviewModel,
  ReviewPublisher,
} from "../ports.js";
import type { PermissionMemory } from "./authorize.js";
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
  /** The model's context window, for planning chunks. */
  contextTokens: number;
  /** Inline comments per review; the rest are listed in the body. Default 25. */
  maxInlineComments: number;
  /** Longest suggestion block, in lines. Default 10. */
  maxSuggestionLines: number;
  /** The mention that addresses the bot; never echoed in a form that would trigger it. */
  trigger: string;
  /** Every word that would trigger the bot (the server's and the repository's), defused in output. */
  triggerWords: string[];
  /** Model calls in flight for one review. Default 4. */
  chunkConcurrency: number;
  /** Findings less important than this priority go to the body; 4 keeps unprioritised ones inline too. Default 4. */
  minInlinePriority: number;
  /** Quiet passes (drafts) put only findings up to this priority inline. Default 1. */
  quietMaxPriority: number;
  /** Globs of files never reviewed, on top of the default excludes. */
  excludePaths: string[];
  /** Globs of files reviewed even though a default exclude matches. */
  includePaths: string[];
  /** Check-run conclusion when a P0 finding exists. Default neutral. */
  conclusionOnP0: "neutral" | "failure";
}

export const DEFAULT_REVIEW_SETTINGS: Omit<
  ReviewSettings,
  "model" | "effort" | "maxOutputTokens" | "contextTokens" | "trigger" | "triggerWords"
> = {
  maxInlineComments: 25,
  maxSuggestionLines: 10,
  chunkConcurrency: 4,
  minInlinePriority: 4,
  quietMaxPriority: 1,
  excludePaths: [],
  includePaths: [],
  conclusionOnP0: "neutral",
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
  /** The PR's finding ledger and the thread adapter it works through. */
  ledger: LedgerDeps;
  model: ReviewModel;
  settings: ReviewSettings;
  signal?: AbortSignal;
}
