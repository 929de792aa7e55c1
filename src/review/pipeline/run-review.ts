import { parseChangedFile, type FilePatch } from "../diff/index.js";
import { placeFindings } from "../findings/place.js";
import { mergeReviewOutputs, planReview } from "../plan/index.js";
import type { ModelUsage, PullRequestRef } from "../ports.js";
import { buildReviewMessages } from "../prompt/build.js";
import { REVIEW_INSTRUCTIONS } from "../prompt/instructions.js";
import { renderReview } from "../render/review.js";
import { askForReview } from "./ask-model.js";
import { deniedReply, mayTriggerReview } from "./authorize.js";
import { mapConcurrent } from "./concurrency.js";
import type { ReviewContext } from "./context.js";
import { fetchHeadContents, gatherPullRequest } from "./gather.js";
import { reviewMarker } from "./marker.js";

export interface ReviewRequest {
  pr: PullRequestRef;
  /** Who asked; null for automatic reviews. Their permission is checked before any model call. */
  requestedBy: string | null;
  /** Idempotency key of this review: one posted review per key, whatever retries happen. */
  key: string;
}

export type ReviewOutcome =
  | { status: "posted"; reviewId: number; headSha: string; inline: number; inBody: number; usage: ModelUsage }
  | { status: "already-posted"; reviewId: number }
  | { status: "denied"; login: string }
  | { status: "closed" };

const ZERO_USAGE: ModelUsage = { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0 };

function sumUsage(usages: ModelUsage[]): ModelUsage {
  return usages.reduce(
    (a, b) => ({
      inputTokens: a.inputTokens + b.inputTokens,
      cachedInputTokens: a.cachedInputTokens + b.cachedInputTokens,
      outputTokens: a.outputTokens + b.outputTokens,
      reasoningTokens: a.reasoningTokens + b.reasoningTokens,
    }),
    ZERO_USAGE,
  );
}

/**
 * One full review of a pull request: read, authorize, plan, ask the model (chunks in parallel),
 * place and verify the findings, render, and post exactly one review.
 */
export async function runReview(ctx: ReviewContext, request: ReviewRequest): Promise<ReviewOutcome> {
  const { reader, publisher, settings, log } = ctx;
  const { pr, requestedBy } = request;
  const marker = reviewMarker(request.key);
  const { info, files, allowed } = await gatherPullRequest(reader, pr, () =>
    requestedBy ? mayTriggerReview(reader, pr, requestedBy) : Promise.resolve(true),
  );
  if (!allowed && requestedBy) {
    await publisher.createIssueComment(pr, deniedReply());
    return { status: "denied", login: requestedBy };
  }
  if (info.state === "closed") return { status: "closed" };
  const earlier = await reader.findReviewWithMarker(pr, marker);
  if (earlier !== null) return { status: "already-posted", reviewId: earlier };

  const patches = files.map(parseChangedFile);
  const plan = planReview(patches, {
    contextTokens: settings.contextTokens,
    reservedOutputTokens: settings.maxOutputTokens,
    concurrency: settings.chunkConcurrency,
  });
  const allPaths = files.map((f) => f.path);
  const answers = await mapConcurrent(plan.chunks, settings.chunkConcurrency, (chunk) =>
    askForReview(ctx.model, {
      instructions: REVIEW_INSTRUCTIONS,
      messages: buildReviewMessages({ pr: info, allPaths, patches: chunk }),
      effort: settings.effort,
      maxOutputTokens: settings.maxOutputTokens,
      promptCacheKey: `codex-review:${pr.owner}/${pr.repo}`,
      signal: ctx.signal,
    }),
  );
  const output = mergeReviewOutputs(answers.map((a) => a.output));
  const usage = sumUsage(answers.map((a) => a.usage));
  const model = answers[0]?.model ?? "";
  log.info({ chunks: plan.chunks.length, findings: output.findings.length, usage }, "model answered");

  const byPath = new Map<string, FilePatch>(patches.map((p) => [p.path, p]));
  const headContents = await fetchHeadContents(
    reader,
    pr,
    info.headSha,
    output.findings.map((f) => f.path).filter((p) => byPath.has(p)),
  );
  const placement = placeFindings({
    findings: output.findings,
    patches: byPath,
    headContents,
    options: { maxSuggestionLines: settings.maxSuggestionLines, triggerWords: [settings.trigger] },
  });
  const rendered = renderReview({
    placed: placement.placed,
    unplaced: placement.unplaced,
    overall: output,
    notReviewed: plan.notReviewed,
    options: {
      maxInlineComments: settings.maxInlineComments,
      marker,
      triggerWords: [settings.trigger],
      headerLines: [`Reviewed ${info.headSha.slice(0, 7)} with ${model}.`],
    },
  });

  // Another attempt of this job may have posted while we waited for the model.
  const raced = await reader.findReviewWithMarker(pr, marker);
  if (raced !== null) return { status: "already-posted", reviewId: raced };
  const posted = await publisher.createReview(pr, {
    commitId: info.headSha,
    body: rendered.body,
    comments: rendered.comments,
  });
  return {
    status: "posted",
    reviewId: posted.id,
    headSha: info.headSha,
    inline: rendered.comments.length,
    inBody: output.findings.length - rendered.comments.length,
    usage,
  };
}
