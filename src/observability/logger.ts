import { pino, type DestinationStream, type Logger } from "pino";

/**
 * Paths that may carry secrets in anything we or Probot log (request options, headers, errors from
 * Octokit, which include the request). Their values are replaced before a line is written.
 */
const REDACT = [
  "authorization",
  "*.authorization",
  "*.*.authorization",
  "headers.authorization",
  "*.headers.authorization",
  "*.*.headers.authorization",
  "request.headers.authorization",
  "err.request.headers.authorization",
  "err.response.headers.authorization",
  "token",
  "*.token",
  "apiKey",
  "*.apiKey",
  "privateKey",
  "*.privateKey",
  "secret",
  "*.secret",
];

export type LogLevel = "trace" | "debug" | "info" | "warn" | "error" | "fatal" | "silent";

/**
 * The process logger: JSON lines, secrets redacted. Probot and our modules share it. `destination`
 * defaults to stdout (tests pass a stream to read every line the app writes).
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = { name: "codex-spark-bot", level, redact: { paths: REDACT, censor: "[redacted]" } };
  return destination ? pino(options, destination) : pino(options);
}
