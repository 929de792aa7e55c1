import type { ModelUsage } from "./ports.js";

/** The tokens of no call at all. */
export const ZERO_USAGE: ModelUsage = {
  inputTokens: 0,
  cachedInputTokens: 0,
  outputTokens: 0,
  reasoningTokens: 0,
};

/** The tokens of two calls together: a call and its repair, a retried upgrade, two lanes. */
export function addUsage(a: ModelUsage, b: ModelUsage): ModelUsage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    cachedInputTokens: a.cachedInputTokens + b.cachedInputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    reasoningTokens: a.reasoningTokens + b.reasoningTokens,
  };
}

/** The tokens of every call of a review. */
export function sumUsage(usages: readonly ModelUsage[]): ModelUsage {
  return usages.reduce(addUsage, ZERO_USAGE);
}
