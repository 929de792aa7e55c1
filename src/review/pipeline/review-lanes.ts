import { setMaxListeners } from "node:events";
import type { FilePatch } from "../diff/index.js";
import type { Finding, ReviewOutput } from "../findings/schema.js";
import { mergeReviewOutputs, planReview, type ReviewPlan } from "../plan/index.js";
import type { ModelMessage, ModelUsage, PullRequestInfo } from "../ports.js";
import { buildReviewMessages } from "../prompt/build.js";
import { REVIEW_INSTRUCTIONS, reviewInstructions, type PromptLimits } from "../prompt/instructions.js";
import type { PassKind } from "../prompt/pass.js";
import { askForReview } from "./ask-model.js";
import { mapConcurrent } from "./concurrency.js";
import type { ReviewContext, ReviewSettings } from "./context.js";
import { withLaneRetry } from "./lane-retry.js";
import { sumUsage } from "../usage.js";

export interface LanesAnswer {
  plan: ReviewPlan;
  output: ReviewOutput;
  usage: ModelUsage;
  model: string;
  /** Model requests made, repairs and lane retries included. */
  calls: number;
}

/** One lane's answer, as soon as it is in. */
export interface LaneAnswer {
  index: number;
  /** Lanes of the review. */
  lanes: number;
  patches: readonly FilePatch[];
  output: ReviewOutput;
}

export interface ReviewInput {
  /** The account the repository belongs to: lanes are bounded per installation by it. */
  owner: string;
  info: PullRequestInfo;
  allPaths: readonly string[];
  patches: readonly FilePatch[];
  guidelines?: string;
  focus?: string | null;
  /** Which pass this is, for the prompt (exhaustive, or held to what changed). */
  pass?: PassKind;
  /** BCP 47 tag of the language the review is written in; null or absent for English. */
  language?: string | null;
  promptCacheKey: string;
  signal: AbortSignal;
  /** Called once the lanes are planned, before any is asked: the files they cover are known. */
  onPlan?: (plan: ReviewPlan) => void;
  /** Called as each finding of a lane has streamed, so work on it starts while the model writes on. */
  onFinding?: (finding: Finding) => void;
  /** Called as each lane ends, so work on its findings starts while other lanes still run. */
  onLane?: (lane: LaneAnswer) => void;
  /** A lane failed and is asked again alone after `waitMs`. */
  onRetry?: (retry: { index: number; error: unknown; waitMs: number }) => void;
}

/**
 * Most lanes for one review: those that can stream at once. A lane past what the process's gate
 * lets one installation run would wait for another's end, a second time-to-first-token.
 */
export function laneCap(settings: ReviewSettings): number {
  return Math.min(settings.maxLanes, settings.laneGate?.capacity ?? settings.maxLanes);
}

/** The plan of a review under the settings' lane policy. */
export function planLanes(ctx: Pick<ReviewContext, "settings">, patches: readonly FilePatch[]): ReviewPlan {
  const { settings } = ctx;
  return planReview(patches, {
    contextTokens: settings.contextTokens,
    reservedOutputTokens: settings.maxOutputTokens,
    maxLanes: laneCap(settings),
    concurrency: settings.laneConcurrency,
    lanes: {
      findings: settings.laneFindings,
      maxFiles: settings.laneMaxFiles,
      maxTokens: settings.laneMaxTokens,
    },
    exclude: settings.excludePaths,
    include: settings.includePaths,
  });
}

/** The exact prompt of one lane: what the model is sent, and what a dry run (`--plan`) shows. */
export function lanePrompt(
  input: Pick<ReviewInput, "info" | "allPaths" | "guidelines" | "focus" | "pass" | "language">,
  files: readonly FilePatch[],
  limits?: PromptLimits,
): { instructions: string; messages: ModelMessage[] } {
  return {
    instructions: limits ? reviewInstructions(limits) : REVIEW_INSTRUCTIONS,
    messages: buildReviewMessages({
      pr: input.info,
      allPaths: input.allPaths,
      patches: files,
      guidelines: input.guidelines,
      focus: input.focus,
      pass: input.pass,
      language: input.language,
    }),
  };
}

/**
 * Plans the diff into lanes and asks the model about them side by side, each lane through the
 * process's lane gate. Every lane gets the same instructions and the same leading message parts
 * (guidelines, PR, all changed paths), so the service's prompt cache serves the shared prefix;
 * only its own diffs come last. A lane that fails in a way worth retrying is asked again alone,
 * its siblings' answers kept; a lane that fails for good abandons the others.
 */
export async function reviewLanes(
  ctx: Pick<ReviewContext, "model" | "settings">,
  input: ReviewInput,
): Promise<LanesAnswer> {
  const { settings } = ctx;
  const plan = planLanes(ctx, input.patches);
  const lanes = new AbortController();
  // Each lane listens to it while it waits for the gate and while its request runs.
  setMaxListeners(2 * plan.lanes.length + 10, lanes.signal);
  const forward = (): void => lanes.abort(input.signal.reason);
  if (input.signal.aborted) forward();
  else input.signal.addEventListener("abort", forward, { once: true });
  const ask = (files: FilePatch[]) =>
    askForReview(ctx.model, {
      ...lanePrompt(input, files, settings),
      effort: settings.effort,
      maxOutputTokens: settings.maxOutputTokens,
      promptCacheKey: input.promptCacheKey,
      signal: lanes.signal,
      onFinding: input.onFinding,
    });
  input.onPlan?.(plan);
  try {
    const answers = await mapConcurrent(plan.lanes, settings.laneConcurrency, async (files, index) => {
      const gate = settings.laneGate;
      let retries = 0;
      const answer = await withLaneRetry(
        () => (gate ? gate.run(input.owner, () => ask(files), lanes.signal) : ask(files)),
        {
          signal: lanes.signal,
          siblings: plan.lanes.length - 1,
          onRetry: (error, waitMs) => {
            retries += 1;
            input.onRetry?.({ index, error, waitMs });
          },
        },
      );
      input.onLane?.({ index, lanes: plan.lanes.length, patches: files, output: answer.output });
      return { ...answer, calls: answer.calls + retries };
    }).catch((error: unknown) => {
      lanes.abort(error);
      throw error;
    });
    return {
      plan,
      output: mergeReviewOutputs(answers.map((a) => a.output)),
      usage: sumUsage(answers.map((a) => a.usage)),
      model: answers[0]?.model ?? "",
      calls: answers.reduce((total, a) => total + a.calls, 0),
    };
  } finally {
    input.signal.removeEventListener("abort", forward);
  }
}
