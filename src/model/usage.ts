import type { ModelUsage } from "../review/ports.js";
import { ZERO_USAGE } from "../review/usage.js";
import type { WireUsage } from "./events.js";

export function toUsage(wire: WireUsage | null | undefined): ModelUsage {
  if (!wire) return ZERO_USAGE;
  return {
    inputTokens: wire.input_tokens,
    cachedInputTokens: wire.input_tokens_details?.cached_tokens ?? 0,
    outputTokens: wire.output_tokens,
    reasoningTokens: wire.output_tokens_details?.reasoning_tokens ?? 0,
  };
}
