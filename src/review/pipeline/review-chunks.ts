import type { FilePatch } from "../diff/index.js";
import type { ReviewOutput } from "../findings/schema.js";
import { mergeReviewOutputs, planReview, type ReviewPlan } from "../plan/index.js";
import type { ModelUsage, PullRequestInfo } from "../ports.js";
import { buildReviewMessages } from "../prompt/build.js";
import { REVIEW_INSTRUCTIONS } from "../prompt/instructions.js";
import { askForReview } from "./ask-model.js";
import { mapConcurrent } from "./concurrency.js";
import type { ReviewContext } from "./context.js";

export interface ChunkedAnswer {
  plan: ReviewPlan;
  output: ReviewOutput;
  usage: ModelUsage;
  model: string;
}

const ZERO: ModelUsage = { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0 };

export function sumUsage(usages: readonly ModelUsage[]): ModelUsage {
  return usages.reduce(
    (a, b) => ({
      inputTokens: a.inputTokens + b.inputTokens,
      cachedInputTokens: a.cachedInputTokens + b.cachedInputTokens,
      outputTokens: a.outputTokens + b.outputTokens,
      reasoningTokens: a.reasoningTokens + b.reasoningTokens,
    }),
    ZERO,
  );
}

/** Plans the diff into chunks that fit the context and asks the model about them concurrently. */
export async function reviewInChunks(
  ctx: ReviewContext,
  input: {
    info: PullRequestInfo;
    allPaths: readonly string[];
    patches: readonly FilePatch[];
    guidelines?: string;
    focus?: string | null;
    promptCacheKey: string;
    signal: AbortSignal;
  },
): Promise<ChunkedAnswer> {
  const { settings } = ctx;
  const plan = planReview(input.patches, {
    contextTokens: settings.contextTokens,
    reservedOutputTokens: settings.maxOutputTokens,
    concurrency: settings.chunkConcurrency,
    exclude: settings.excludePaths,
    include: settings.includePaths,
  });
  const answers = await mapConcurrent(plan.chunks, settings.chunkConcurrency, (chunk) =>
    askForReview(ctx.model, {
      instructions: REVIEW_INSTRUCTIONS,
      messages: buildReviewMessages({
        pr: input.info,
        allPaths: input.allPaths,
        patches: chunk,
        guidelines: input.guidelines,
        focus: input.focus,
      }),
      effort: settings.effort,
      maxOutputTokens: settings.maxOutputTokens,
      promptCacheKey: input.promptCacheKey,
      signal: input.signal,
    }),
  );
  return {
    plan,
    output: mergeReviewOutputs(answers.map((a) => a.output)),
    usage: sumUsage(answers.map((a) => a.usage)),
    model: answers[0]?.model ?? "",
  };
}
