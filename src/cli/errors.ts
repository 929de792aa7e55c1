/**
 * Exit codes of `codex-spark-bot review`, documented in docs/cli.md: scripts and CI branch on them.
 */
export const EXIT = {
  /** The review ran and found nothing at or above `--fail-on` (or `--fail-on` was not given). */
  clean: 0,
  /** Findings at or above the `--fail-on` priority. */
  findings: 1,
  /** Bad usage or configuration: nothing was sent to the model. */
  usage: 2,
  /** The model or the network failed. */
  failure: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export type CliErrorCode =
  | "usage"
  | "not_a_repository"
  | "unknown_ref"
  | "empty_range"
  | "binary_only"
  | "missing_api_key"
  | "config_invalid"
  | "apply_refused";

/** Input the CLI cannot work with: a clear message and exit code 2, never a stack trace. */
export class CliError extends Error {
  readonly code: CliErrorCode;
  readonly exitCode: ExitCode = EXIT.usage;

  constructor(code: CliErrorCode, message: string) {
    super(message);
    this.name = "CliError";
    this.code = code;
  }
}
