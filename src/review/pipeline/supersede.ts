import { StaleHeadError } from "../../errors.js";
import type { PullRequestRef } from "../ports.js";
import type { ReviewMemory } from "./memory.js";

/**
 * Watches for a newer push while a review runs: when the PR's latest head (written by the web
 * server on every push) stops being `headSha`, the controller aborts, which abandons the model call.
 * Polling one small key costs far less than the model time it saves.
 */
export function watchHead(
  memory: Pick<ReviewMemory, "latestHead">,
  pr: PullRequestRef,
  headSha: string,
  controller: AbortController,
  intervalMs = 250,
): () => void {
  let stopped = false;
  const tick = async (): Promise<void> => {
    if (stopped || controller.signal.aborted) return;
    const latest = await memory.latestHead(pr).catch(() => null);
    if (latest !== null && latest !== headSha) {
      controller.abort(
        new StaleHeadError(
          latest === "closed" ? { reason: "closed" } : { reason: "superseded", newerHeadSha: latest },
        ),
      );
      return;
    }
    timer = setTimeout(() => void tick(), intervalMs);
  };
  let timer = setTimeout(() => void tick(), intervalMs);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

/** The error a signal was aborted with, when it says the head moved. */
export function staleReason(signal: AbortSignal): StaleHeadError | null {
  return signal.aborted && signal.reason instanceof StaleHeadError ? signal.reason : null;
}
