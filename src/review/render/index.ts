export { renderReview, type RenderInput, type RenderedReview } from "./review.js";
export type { NotReviewedEntry, Overall } from "./body.js";
export {
  DEFAULT_MAX_BODY_CHARS,
  DEFAULT_MAX_INLINE_COMMENTS,
  resolveRenderOptions,
  type RenderOptions,
} from "./options.js";
export {
  defuseTriggers,
  safeCodeSpan,
  sanitizeCode,
  sanitizeInline,
  sanitizeMarkdown,
  ZERO_WIDTH_JOINER,
  type SanitizeOptions,
} from "./sanitize.js";
export { GITHUB_BODY_LIMIT, codeBlock, codeSpan, fenceFor, truncateMarkdown } from "./markdown.js";
