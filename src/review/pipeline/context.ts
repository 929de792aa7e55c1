import type { Log } from "../../observability/log.js";
import type { PullRequestReader, ReasoningEffort, ReviewModel, ReviewPublisher } from "../ports.js";

/** Review settings that come from the environment (and later from the repository's config). */
export interface ReviewSettings {
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
  /** Model calls in flight for one review. */
  chunkConcurrency: number;
}

export const DEFAULT_REVIEW_SETTINGS: Omit<
  ReviewSettings,
  "effort" | "maxOutputTokens" | "contextTokens" | "trigger"
> = {
  maxInlineComments: 25,
  maxSuggestionLines: 10,
  chunkConcurrency: 4,
};

/** Everything one review job works with; built per job, never shared mutable state. */
export interface ReviewContext {
  log: Log;
  reader: PullRequestReader;
  publisher: ReviewPublisher;
  model: ReviewModel;
  settings: ReviewSettings;
  signal?: AbortSignal;
}
