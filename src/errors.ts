/**
 * The bot's error vocabulary. Adapters translate what their libraries throw (Octokit's RequestError,
 * socket and protocol failures, zod issues) into these classes at their edge, so that the worker can
 * decide retry / no-retry in exactly one place by reading `retryable` — never by matching messages.
 */

export type BotErrorCode =
  | "config_invalid"
  | "model_rate_limited"
  | "model_unavailable"
  | "model_auth"
  | "model_quota"
  | "model_bad_request"
  | "model_failed"
  | "model_incomplete"
  | "model_refused"
  | "model_output_invalid"
  | "model_connection"
  | "model_timeout"
  | "model_aborted"
  | "github_rate_limited"
  | "github_unavailable"
  | "github_not_found"
  | "github_forbidden"
  | "github_unprocessable"
  | "github_auth"
  | "github_request"
  | "stale_head"
  | "publish_busy"
  | "review_scope_invalid"
  | "queue_unavailable"
  | "internal";

export interface BotErrorOptions {
  retryable?: boolean;
  /** How long the caller should wait before trying again, when the service said so. */
  retryAfterMs?: number;
  cause?: unknown;
}

export class BotError extends Error {
  readonly code: BotErrorCode;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(code: BotErrorCode, message: string, options: BotErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** A failure talking to the model (transport, protocol, the service's own errors, bad output). */
export class ModelError extends BotError {
  /**
   * The service had started the response when it failed (a socket dropped mid-answer): the call is
   * paid for even though no answer came back.
   */
  readonly billed: boolean;

  constructor(code: BotErrorCode, message: string, options: BotErrorOptions & { billed?: boolean } = {}) {
    super(code, message, options);
    this.billed = options.billed ?? false;
  }
}

/** A failure answered by, or on the way to, GitHub. `status` is the HTTP status when there was one. */
export class GitHubError extends BotError {
  readonly status: number | undefined;

  constructor(code: BotErrorCode, message: string, options: BotErrorOptions & { status?: number } = {}) {
    super(code, message, options);
    this.status = options.status;
  }
}

/** Bad configuration: environment at start-up, or a repository's `.github/codex.yml`. */
export class ConfigError extends BotError {
  constructor(message: string, options: BotErrorOptions = {}) {
    super("config_invalid", message, options);
  }
}

/** Why a head is no longer the one to work on. */
export type StaleReason = "closed" | "superseded";

/**
 * The PR moved on while we worked: the result belongs to a head that is no longer current. Callers
 * read `reason` and `newerHeadSha`, never the message.
 */
export class StaleHeadError extends BotError {
  readonly reason: StaleReason;
  /** The head that replaced ours, when it is known. */
  readonly newerHeadSha: string | null;

  constructor(
    stale: { reason: "closed" } | { reason: "superseded"; newerHeadSha: string | null },
    message?: string,
  ) {
    const newerHeadSha = stale.reason === "superseded" ? stale.newerHeadSha : null;
    super(
      "stale_head",
      message ??
        (stale.reason === "closed"
          ? "the pull request was closed"
          : `superseded by ${newerHeadSha ?? "a newer head"}`),
      { retryable: false },
    );
    this.reason = stale.reason;
    this.newerHeadSha = newerHeadSha;
  }
}

/**
 * `@codex review <range | globs>` that cannot be honoured (a commit not in the pull request, a glob
 * that matches no changed file). Not retryable; `message` is the reply the person gets.
 */
export class ReviewScopeError extends BotError {
  constructor(message: string) {
    super("review_scope_invalid", message);
  }
}

/**
 * Redis did not take a job within the enqueue deadline. `status` is what the webhook answers: the
 * webhook library uses an error's `status` as the HTTP status, and a 5xx makes GitHub record a failed
 * delivery, which the bot asks for again once Redis is back.
 */
export class QueueUnavailableError extends BotError {
  readonly status = 503;

  constructor(message: string, options: BotErrorOptions = {}) {
    super("queue_unavailable", message, { retryable: true, ...options });
  }
}

export function isBotError(error: unknown): error is BotError {
  return error instanceof BotError;
}

/**
 * The default branch of a switch over a union: a compile error when a member is added and not
 * handled, and a loud failure if a value outside the union still arrives at run time.
 */
export function assertNever(value: never, what: string): never {
  throw new BotError("internal", `unhandled ${what}: ${JSON.stringify(value)}`);
}
