/**
 * The logging surface the bot's modules use. Probot's pino logger satisfies it; tests may pass a
 * silent one. Kept minimal so no module depends on pino directly.
 */
export interface LogFn {
  (message: string): void;
  (fields: Record<string, unknown>, message?: string): void;
}

export interface Log {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  child(bindings: Record<string, unknown>): Log;
}

const noop: LogFn = () => {};

/** A logger that drops everything. */
export const silentLog: Log = {
  debug: noop,
  info: noop,
  warn: noop,
  error: noop,
  child: () => silentLog,
};
