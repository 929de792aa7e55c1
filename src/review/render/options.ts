/** How a review is rendered. */
export interface RenderOptions {
  /**
   * Inline comments per review, highest priority first; the rest are listed in the body. Reviews with
   * more than ~30 comments have been rejected for other bots. Default 25.
   */
  maxInlineComments?: number;
  /**
   * The least important priority posted inline: findings with a higher number go to a collapsed
   * section of the body instead; a finding without priority counts as below P3. Default: all
   * priorities inline.
   */
  inlineUpToPriority?: number;
  /**
   * The PR's web address (`https://github.com/o/r/pull/1`) and head SHA: findings in the body link
   * to their lines at the head. Without it they name the file and lines only.
   */
  links?: { pullUrl: string; headSha: string };
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
  inlineUpToPriority: number;
  links: { pullUrl: string; headSha: string } | null;
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
    inlineUpToPriority: options.inlineUpToPriority ?? 4,
    links: options.links ?? null,
    marker: options.marker,
    headerLines: options.headerLines ?? [],
    triggerWords: options.triggerWords ?? ["@codex"],
    maxBodyChars: Math.min(options.maxBodyChars ?? DEFAULT_MAX_BODY_CHARS, 65_536),
  };
}
