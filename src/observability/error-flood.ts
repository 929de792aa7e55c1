import type { Log } from "./log.js";

export interface ErrorFloodOptions {
  /** What is failing, in the log lines ("Redis"). */
  what: string;
  /** At most one line per this many ms while the failure lasts. Default 30 s. */
  intervalMs?: number;
  /** Clock; tests pin it. */
  now?: () => number;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Keeps a failing dependency from flooding the log: the first error of an outage is logged, then at
 * most one line per interval says how long it has lasted and how many errors were suppressed, and
 * one line says when it is back. A client reconnecting every few hundred milliseconds, or a worker
 * loop failing on every command, makes three lines a minute instead of thousands a second.
 */
export class ErrorFlood {
  private readonly intervalMs: number;
  private readonly now: () => number;
  private downSince: number | null = null;
  private lastLine = 0;
  private suppressed = 0;
  private total = 0;
  private readonly listeners: Array<(downForMs: number) => void> = [];

  constructor(
    private readonly log: Log,
    private readonly options: ErrorFloodOptions,
  ) {
    this.intervalMs = options.intervalMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  /** True while errors are being counted (between a first error and {@link recovered}). */
  get failing(): boolean {
    return this.downSince !== null;
  }

  report(error: unknown, fields: Record<string, unknown> = {}): void {
    const now = this.now();
    this.total++;
    if (this.downSince === null) {
      this.downSince = now;
      this.lastLine = now;
      this.log.error({ ...fields, err: message(error) }, `${this.options.what} unreachable`);
      return;
    }
    this.suppressed++;
    if (now - this.lastLine < this.intervalMs) return;
    const seconds = Math.round((now - this.downSince) / 1000);
    this.log.error(
      { ...fields, err: message(error), suppressed: this.suppressed, downForSeconds: seconds },
      `${this.options.what} unreachable for ${seconds} s, ${this.suppressed.toLocaleString("en")} errors suppressed`,
    );
    this.lastLine = now;
    this.suppressed = 0;
  }

  /** Calls `listener` each time the dependency comes back after failing. */
  onRecovered(listener: (downForMs: number) => void): void {
    this.listeners.push(listener);
  }

  /** The dependency answers again: one line with the outage's length, and the count starts over. */
  recovered(): void {
    if (this.downSince === null) return;
    const downForMs = this.now() - this.downSince;
    const seconds = Math.round(downForMs / 1000);
    this.log.info(
      { downForSeconds: seconds, errors: this.total },
      `${this.options.what} reachable again after ${seconds} s`,
    );
    this.downSince = null;
    this.suppressed = 0;
    this.total = 0;
    for (const listener of this.listeners) listener(downForMs);
  }
}
