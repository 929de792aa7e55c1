import type { LaneProgress } from "../run-local.js";

/** A live line while lanes stream; only for a person watching a terminal. */
export interface ProgressLine {
  update(progress: LaneProgress): void;
  clear(): void;
}

const SILENT: ProgressLine = { update: () => {}, clear: () => {} };

/**
 * Written to stderr (stdout stays the review alone, ready to pipe) and only when stdout is a
 * terminal: a CI log or a file gets no carriage-return noise.
 */
export function progressLine(stdout: { isTTY?: boolean }, stderr: NodeJS.WritableStream): ProgressLine {
  if (stdout.isTTY !== true) return SILENT;
  let shown = false;
  return {
    update({ done, total, findings }) {
      shown = true;
      stderr.write(
        `\r\u001b[2Kreviewing: lanes ${done}/${total} · ${findings} finding${findings === 1 ? "" : "s"} so far`,
      );
    },
    clear() {
      if (shown) stderr.write("\r\u001b[2K");
      shown = false;
    },
  };
}
