import { UnrecoverableError, Worker } from "bullmq";
import { isBotError, type BotError, type BotErrorCode } from "../errors.js";

/** What the worker does with an error a job threw: the single place retry policy lives. */
export type FailureDecision =
  | { kind: "rate-limit"; waitMs: number; error: BotError }
  | { kind: "retry"; error: unknown }
  | { kind: "final"; error: unknown };

export function decideFailure(error: unknown, attemptsMade: number, maxAttempts: number): FailureDecision {
  const lastAttempt = attemptsMade + 1 >= maxAttempts;
  if (isBotError(error)) {
    if (!error.retryable) return { kind: "final", error };
    if (lastAttempt) return { kind: "final", error };
    if (error.code === "model_rate_limited" && error.retryAfterMs !== undefined) {
      return { kind: "rate-limit", waitMs: error.retryAfterMs, error };
    }
    return { kind: "retry", error };
  }
  // Anything untyped is a surprise (a bug or an unexpected library error): retry, it may pass.
  return lastAttempt ? { kind: "final", error } : { kind: "retry", error };
}

/** The error to throw back to BullMQ for a decision. */
export function bullmqError(decision: FailureDecision): Error {
  switch (decision.kind) {
    case "rate-limit":
      return Worker.RateLimitError();
    case "retry":
      return decision.error instanceof Error ? decision.error : new Error(String(decision.error));
    case "final": {
      const message = decision.error instanceof Error ? decision.error.message : String(decision.error);
      return new UnrecoverableError(message);
    }
  }
}

const INTERNAL = "an internal error occurred";

/** Every code has its words, so a new code cannot reach a user without them being chosen. */
const REASONS: Record<BotErrorCode, string> = {
  config_invalid: INTERNAL,
  model_auth: "the model service rejected the API key",
  model_quota: "the model service quota is exhausted",
  model_unavailable: "the model is not available to this API key",
  model_bad_request: "the model service rejected the request",
  model_output_invalid: "the model's answer could not be understood",
  model_refused: "the model declined to review this change",
  model_incomplete: "the model's answer was cut off",
  model_rate_limited: "the model service is rate-limiting us",
  model_connection: "the connection to the model service kept failing",
  model_timeout: "the model took too long to answer",
  model_failed: "the model service failed to answer",
  model_aborted: "the review was stopped",
  github_forbidden: "GitHub refused an operation (check the app's permissions)",
  github_auth: "GitHub refused the app's credentials",
  github_rate_limited: "GitHub is rate-limiting this installation",
  github_unavailable: "GitHub kept failing",
  github_not_found: INTERNAL,
  github_unprocessable: INTERNAL,
  github_request: INTERNAL,
  stale_head: INTERNAL,
  publish_busy: "another worker was still publishing this review",
  review_scope_invalid: "the requested range or paths cannot be reviewed",
  queue_unavailable: "the bot's queue (Redis) was unreachable",
  internal: INTERNAL,
};

/** What an operator changes before any review can pass, for the errors that need it. */
const FIXES: Partial<Record<string, string>> = {
  model_auth: "Check OPENAI_API_KEY (and OPENAI_ORGANIZATION / OPENAI_PROJECT) on the bot's server.",
  model_quota:
    "Add credit or raise the usage limit of the OpenAI project behind OPENAI_API_KEY (insufficient_quota).",
  model_unavailable:
    "Set CODEX_MODEL to a model this API key may use, or CODEX_FALLBACK_MODEL to one it falls back to.",
  github_auth: "Check the app's APP_ID and PRIVATE_KEY, and that the app is still installed.",
};

/** What to fix, in one sentence; empty when nothing needs fixing by hand. */
export function failureFix(error: unknown): string {
  return (isBotError(error) && FIXES[error.code]) || "";
}

/** What went wrong, in a few user-facing words. No internals, no secrets. */
export function failureReason(error: unknown): string {
  return isBotError(error) ? REASONS[error.code] : INTERNAL;
}

/** A short reply for a review that will not be posted. */
export function failureReply(error: unknown): string {
  // The other worker may yet post it: saying "nothing was posted" would be a guess.
  if (isBotError(error) && error.code === "publish_busy")
    return `Could not complete the review: ${failureReason(error)}. If it does not appear, ask again.`;
  return `Could not complete the review: ${failureReason(error)}. Nothing was posted; ask again later.`;
}
