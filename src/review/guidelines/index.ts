export { guidelineCandidates, guidelineDirectories, DEFAULT_MAX_CANDIDATES } from "./candidates.js";
export {
  DEFAULT_MAX_GUIDELINE_CHARS,
  loadGuidelines,
  type GuidelineOptions,
  type GuidelineReader,
  type Guidelines,
} from "./load.js";
export { DEFAULT_MAX_SECTION_CHARS, extractReviewSection, type SectionOptions } from "./section.js";
