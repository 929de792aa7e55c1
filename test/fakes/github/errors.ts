/** GitHub's generic documentation link, used when an error has no more specific page. */
export const DOCS_URL = "https://docs.github.com/rest";

/** An error response, thrown by handlers and turned into GitHub's JSON error shape by the server. */
export class GitHubHttpError extends Error {
  /** Set when the request breaks a rule the bot must follow: the server records it in `violations`. */
  violation: string[] | undefined;

  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body["message"] === "string" ? body["message"] : `HTTP ${status}`);
  }
}

/** Marks an error response as a contract violation (see {@link GitHubHttpError.violation}). */
export function asViolation(error: GitHubHttpError, problems: string[]): GitHubHttpError {
  error.violation = problems;
  return error;
}

/** One entry of a "Validation Failed" 422 (`errors` of objects, as most endpoints answer). */
export interface ValidationErrorEntry {
  resource: string;
  code: "missing" | "missing_field" | "invalid" | "already_exists" | "unprocessable" | "custom";
  field?: string;
  message?: string;
}

// GitHub repeats the status as a string in every error body since 2023.
function errorBody(status: number, message: string, extra: Record<string, unknown> = {}) {
  return { message, ...extra, documentation_url: DOCS_URL, status: String(status) };
}

export function notFound(): GitHubHttpError {
  return new GitHubHttpError(404, errorBody(404, "Not Found"));
}

export function badCredentials(): GitHubHttpError {
  return new GitHubHttpError(401, errorBody(401, "Bad credentials"));
}

export function unauthorized(message: string): GitHubHttpError {
  return new GitHubHttpError(401, errorBody(401, message));
}

export function forbidden(message: string, headers: Record<string, string> = {}): GitHubHttpError {
  return new GitHubHttpError(403, errorBody(403, message), headers);
}

export function conflict(message: string): GitHubHttpError {
  return new GitHubHttpError(409, errorBody(409, message));
}

/** 422 whose `errors` are plain strings: the shape of the review endpoints. */
export function unprocessable(errors: string[]): GitHubHttpError {
  return new GitHubHttpError(422, errorBody(422, "Unprocessable Entity", { errors }));
}

/** 422 "Validation Failed" with structured `errors`: comments, reactions, git data. */
export function validationFailed(errors: ValidationErrorEntry[]): GitHubHttpError {
  return new GitHubHttpError(422, errorBody(422, "Validation Failed", { errors }));
}

/** 422 with a bare message (e.g. "Update is not a fast forward", "Reference does not exist"). */
export function unprocessableMessage(message: string): GitHubHttpError {
  return new GitHubHttpError(422, errorBody(422, message));
}

/** The 422 GitHub answers when a request does not match the operation's JSON schema. */
export function invalidRequest(problems: string[]): GitHubHttpError {
  return new GitHubHttpError(422, errorBody(422, `Invalid request.\n\n${problems.join("\n")}`));
}

export function problemsParsingJson(): GitHubHttpError {
  return new GitHubHttpError(400, errorBody(400, "Problems parsing JSON"));
}

/** The default body for an injected failure with only a status given. */
export function defaultFaultBody(status: number): Record<string, unknown> {
  if (status === 403 || status === 429) {
    return errorBody(
      status,
      "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
    );
  }
  if (status === 404) return errorBody(404, "Not Found");
  if (status === 401) return errorBody(401, "Bad credentials");
  if (status >= 500) return errorBody(status, status === 502 ? "Server Error" : "Internal Server Error");
  return errorBody(status, `HTTP ${status}`);
}
