import { DEFAULT_REVIEW_SETTINGS, type ReviewSettings } from "../review/pipeline/context.js";
import type { Env } from "./env.js";

/**
 * The review settings the environment chooses, before a repository's `.github/codex.yml`: one
 * mapping for the app's workers and the local CLI, which add their own process-wide parts.
 */
export function reviewSettingsFromEnv(env: Env): ReviewSettings {
  return {
    ...DEFAULT_REVIEW_SETTINGS,
    model: env.CODEX_MODEL,
    effort: env.CODEX_REASONING_EFFORT,
    maxOutputTokens: env.CODEX_MAX_OUTPUT_TOKENS,
    contextTokens: env.CODEX_CONTEXT_TOKENS,
    trigger: env.CODEX_TRIGGER,
    triggerWords: [env.CODEX_TRIGGER],
    laneFindings: env.CODEX_LANE_FINDINGS ?? DEFAULT_REVIEW_SETTINGS.laneFindings,
    laneMaxFiles: env.CODEX_LANE_MAX_FILES ?? DEFAULT_REVIEW_SETTINGS.laneMaxFiles,
    laneMaxTokens: env.CODEX_LANE_MAX_TOKENS ?? DEFAULT_REVIEW_SETTINGS.laneMaxTokens,
    maxLanes: env.CODEX_MAX_LANES ?? DEFAULT_REVIEW_SETTINGS.maxLanes,
    laneConcurrency: env.CODEX_LANE_CONCURRENCY ?? DEFAULT_REVIEW_SETTINGS.laneConcurrency,
  };
}
