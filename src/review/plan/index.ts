export { planReview, type NotReviewedFile, type NotReviewedKind, type ReviewPlan } from "./plan.js";
export {
  DEFAULT_PLAN_OPTIONS,
  diffBudget,
  resolvePlanOptions,
  type PlanOptions,
  type ResolvedPlanOptions,
} from "./options.js";
export { CATEGORY_RANK, DEFAULT_EXCLUDES, categorize, type FileCategory } from "./classify.js";
export { estimateTokens } from "./tokens.js";
export { mergeReviewOutputs } from "./merge.js";
export { DEFAULT_LANE_POLICY, splitIntoLanes, type LaneLimits, type LanePolicy } from "./lanes.js";
