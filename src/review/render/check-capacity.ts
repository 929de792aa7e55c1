import type { CheckText } from "./check-run-types.js";
import { formatUtcTime } from "./check-run-format.js";

/**
 * `in_progress` while a review waits for the model's capacity (a rate limit with a stated reset),
 * or moves to the fallback model instead. Model ids come from the server's configuration only.
 */
export function renderCheckWaitingForCapacity(input: {
  until: Date;
  fallbackModel: string | null;
}): CheckText {
  const at = formatUtcTime(input.until);
  if (input.fallbackModel !== null) {
    return {
      title: `Model at capacity until ${at}; continuing with the fallback model`,
      summary: `**The model is at capacity until ${at}.** The review waited long enough and continues now with \`${input.fallbackModel}\` (CODEX_FALLBACK_MODEL).`,
    };
  }
  return {
    title: `Waiting for model capacity until ${at}`,
    summary: `**Waiting for model capacity until ${at}.** The model service is rate-limiting this key; the review continues when the limit resets, without using up a retry.`,
  };
}
