/** How a review is rendered. */
export interface RenderOptions {
  /**
   * Inline comments per review, highest priority first; the rest are listed in the body. Reviews with
   * more than ~30 comments have been rejected for other bots. Default 25.
   */
  maxInlineComments?: number;
  /**
   * Findings with a priority number above this (less important) go to the body instead of inline; a
   * finding without priority counts as below P3. Default: all priorities inline.
   */
  minInlinePriority?: number;
  /** A hidden HTML comment the pipeline finds reviews by; put verbatim at the end of the body. */
  marker: string;
  /** Trusted lines (model id, head SHA…) printed small at the foot of the body. Default none. */
  headerLines?: readonly string[];
  /** Trigger words defused in everything rendered. Default ["@codex"]. */
  triggerWords?: readonly string[];
  /** Upper bound for every body, below GitHub's 65,536 characters. Default 65,000. */
  maxBodyChars?: number;
}

export interface ResolvedRenderOptions {
  maxInlineComments: number;
  minInlinePriority: number;
  marker: string;
  headerLines: readonly string[];
  triggerWords: readonly string[];
  maxBodyChars: number;
}

export const DEFAULT_MAX_INLINE_COMMENTS = 25;
/** Leaves room for GitHub counting characters differently from JavaScript's UTF-16 length. */
export const DEFAULT_MAX_BODY_CHARS = 65_000;

export function resolveRenderOptions(options: RenderOptions): ResolvedRenderOptions {
  return {
    maxInlineComments: Math.max(0, options.maxInlineComments ?? DEFAULT_MAX_INLINE_COMMENTS),
    minInlinePriority: options.minInlinePriority ?? 4,
    marker: options.marker,
    headerLines: options.headerLines ?? [],
    triggerWords: options.triggerWords ?? ["@codex"],
    maxBodyChars: Math.min(options.maxBodyChars ?? DEFAULT_MAX_BODY_CHARS, 65_536),
  };
}
