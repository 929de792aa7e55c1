/** Why a local git operation failed; the CLI turns each code into a message and an exit code. */
export type GitErrorCode = "not_a_repository" | "unknown_ref" | "git_missing" | "git_failed";

/** A failure of the local repository adapter, translated from git's exit status at this edge. */
export class GitError extends Error {
  readonly code: GitErrorCode;

  constructor(code: GitErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "GitError";
    this.code = code;
  }
}
