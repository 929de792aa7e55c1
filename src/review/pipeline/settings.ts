import type { RepoConfig } from "../../config/repo-config.js";
import type { ReviewSettings } from "./context.js";

/** The server's settings with a repository's `.github/codex.yml` applied on top. */
export function applyRepoConfig(base: ReviewSettings, config: RepoConfig): ReviewSettings {
  return {
    ...base,
    effort: config.effort ?? base.effort,
    trigger: config.trigger ?? base.trigger,
    triggerWords: [...new Set([...base.triggerWords, ...(config.trigger ? [config.trigger] : [])])],
    maxInlineComments: config.maxInlineComments,
    maxSuggestionLines: config.suggestionMaxLines,
    // The config's 3 means "every priority"; findings without one rank below P3 and stay inline too.
    inlineUpToPriority: config.inlineUpToPriority === 3 ? 4 : config.inlineUpToPriority,
    quietMaxPriority: config.quietMaxPriority,
    minConfidence: config.minConfidence,
    language: config.language,
    excludePaths: [...base.excludePaths, ...config.paths.ignore],
    includePaths: [...base.includePaths, ...config.paths.include],
    conclusionOnP0: config.conclusion.onP0,
    dismissals: config.dismissals,
  };
}
