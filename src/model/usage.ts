import type { ModelUsage } from "../review/ports.js";
import type { WireUsage } from "./events.js";

export const ZERO_USAGE: ModelUsage = {
  inputTokens: 0,
  cachedInputTokens: 0,
  outputTokens: 0,
  reasoningTokens: 0,
};

export function toUsage(wire: WireUsage | null | undefined): ModelUsage {
  if (!wire) return ZERO_USAGE;
  return {
    inputTokens: wire.input_tokens,
    cachedInputTokens: wire.input_tokens_details?.cached_tokens ?? 0,
    outputTokens: wire.output_tokens,
    reasoningTokens: wire.output_tokens_details?.reasoning_tokens ?? 0,
  };
}

export function addUsage(a: ModelUsage, b: ModelUsage): ModelUsage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    cachedInputTokens: a.cachedInputTokens + b.cachedInputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    reasoningTokens: a.reasoningTokens + b.reasoningTokens,
  };
}
