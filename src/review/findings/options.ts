/** How findings are placed on the diff and their suggestions checked. */
export interface PlacementOptions {
  /**
   * Longest suggestion, in lines, for both the range it replaces and the replacement; a longer fix
   * is shown as a diff block instead. Default 10.
   */
  maxSuggestionLines?: number;
  /**
   * When the cited lines do not hold the quote and the quote occurs more than once in the file's
   * diff, the match is taken only if it is the single one within this many lines of the cited start.
   * Default 10.
   */
  reanchorRadius?: number;
  /**
   * Files larger than this (characters) are not re-parsed to check that a suggestion keeps them
   * parseable; their suggestions become diff blocks. Default 1,000,000.
   */
  maxParseCheckChars?: number;
  /** Words that must never appear verbatim in posted code, such as the bot's trigger. Default ["@codex"]. */
  triggerWords?: string[];
  /**
   * How many suggestions are verified against the head, most important finding first (checking one
   * means parsing the whole file). The others show their fix as a diff block. Pass the inline comment
   * cap: a finding beyond it is listed in the body, where nothing is committable anyway. Default 25.
   */
  maxVerifiedSuggestions?: number;
}

export const DEFAULT_PLACEMENT_OPTIONS: Required<PlacementOptions> = {
  maxSuggestionLines: 10,
  reanchorRadius: 10,
  maxParseCheckChars: 1_000_000,
  triggerWords: ["@codex"],
  maxVerifiedSuggestions: 25,
};

export function resolvePlacementOptions(options: PlacementOptions = {}): Required<PlacementOptions> {
  return {
    maxSuggestionLines: options.maxSuggestionLines ?? DEFAULT_PLACEMENT_OPTIONS.maxSuggestionLines,
    reanchorRadius: options.reanchorRadius ?? DEFAULT_PLACEMENT_OPTIONS.reanchorRadius,
    maxParseCheckChars: options.maxParseCheckChars ?? DEFAULT_PLACEMENT_OPTIONS.maxParseCheckChars,
    triggerWords: options.triggerWords ?? DEFAULT_PLACEMENT_OPTIONS.triggerWords,
    maxVerifiedSuggestions:
      options.maxVerifiedSuggestions ?? DEFAULT_PLACEMENT_OPTIONS.maxVerifiedSuggestions,
  };
}
