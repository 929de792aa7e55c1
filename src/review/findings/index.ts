export { newSuggestionChecks, placeFindings, type PlaceInput, type SuggestionChecks } from "./place.js";
export { DEFAULT_PLACEMENT_OPTIONS, resolvePlacementOptions, type PlacementOptions } from "./options.js";
export type {
  AnchorKind,
  PlacedFinding,
  PlacedFix,
  PlacementResult,
  UnplacedCode,
  UnplacedFinding,
} from "./types.js";
export { byImportance, placedKey } from "./order.js";
export { cleanTitle, cleanTitles } from "./title.js";
export {
  applySignalRules,
  changedHeadLines,
  UNCHANGED_CODE_MAX_PRIORITY,
  type LeftOutReason,
  type SignalResult,
  type SignalRules,
} from "./signal.js";
