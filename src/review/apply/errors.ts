import { BotError } from "../../errors.js";

/** Why the app cannot commit to a pull request's head branch; each has its own reply. */
export type ApplyRefusal =
  /** The head is in a fork whose author did not tick "Allow edits by maintainers". */
  | "fork_without_maintainer_edits"
  /** The head repository was deleted (GitHub reports `head.repo: null`). */
  | "head_repository_gone"
  /** The head branch was deleted. */
  | "head_branch_missing"
  /** The installation lacks `contents: write` (GitHub: 403 "Resource not accessible by integration"). */
  | "missing_contents_write";

/**
 * The app may not write to the head branch. Final (retrying cannot help): the worker replies with
 * {@link refusalText} and stops.
 */
export class ApplyRefusedError extends BotError {
  readonly reason: ApplyRefusal;

  constructor(reason: ApplyRefusal, message: string, options: { cause?: unknown } = {}) {
    super(
      reason === "head_branch_missing" || reason === "head_repository_gone"
        ? "github_not_found"
        : "github_forbidden",
      message,
      { retryable: false, cause: options.cause },
    );
    this.reason = reason;
  }
}

export function isApplyRefusedError(error: unknown): error is ApplyRefusedError {
  return error instanceof ApplyRefusedError;
}
