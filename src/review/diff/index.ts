export type { DiffLine, DiffLineKind, FilePatch, Hunk, MissingPatchReason } from "./types.js";
export { parseChangedFile } from "./parse.js";
export {
  hunkAt,
  hunkIndexAt,
  isCommentable,
  isDeletionOnly,
  lineAt,
  rangeInOneHunk,
  rightTexts,
} from "./lookup.js";
export {
  DEFAULT_MAX_PROMPT_LINE_CHARS,
  PROMPT_VIEW_LEGEND,
  renderFileForPrompt,
  type PromptViewOptions,
} from "./prompt-view.js";
