import { StaleHeadError } from "../../errors.js";
import type { PullRequestReader, PullRequestRef } from "../ports.js";
import type { ReviewMemory } from "./memory.js";

/** How long a stored head GitHub contradicted is trusted less than GitHub, before asking again. */
const RECONFIRM_MS = 2_000;

/** GitHub's word on the PR: its head SHA, or "closed". */
export async function headOnGitHub(reader: Pick<PullRequestReader, "getPullRequest">, pr: PullRequestRef) {
  const current = await reader.getPullRequest(pr);
  return current.state === "closed" ? "closed" : current.headSha;
}

/** The error that abandons a review whose head GitHub no longer shows. */
export function staleHeadError(current: string): StaleHeadError {
  return new StaleHeadError(
    current === "closed" ? { reason: "closed" } : { reason: "superseded", newerHeadSha: current },
  );
}

/**
 * Watches for a newer push while a review runs. When the PR's latest head (written by the web
 * server on every push) stops being `headSha`, GitHub is asked before anything is abandoned: the
 * record may come from a stale or misordered webhook, and only GitHub's answer aborts the
 * controller (which abandons the model call). Polling one small key costs far less than the model
 * time it saves; GitHub is asked only when the key disagrees, at most every two seconds.
 */
export function watchHead(
  memory: Pick<ReviewMemory, "latestHead">,
  reader: Pick<PullRequestReader, "getPullRequest">,
  pr: PullRequestRef,
  headSha: string,
  controller: AbortController,
  intervalMs = 250,
): () => void {
  let stopped = false;
  let doubted: { value: string; until: number } | null = null;
  const tick = async (): Promise<void> => {
    if (stopped || controller.signal.aborted) return;
    const latest = await memory.latestHead(pr).catch(() => null);
    const contradicted = doubted !== null && doubted.value === latest && Date.now() < doubted.until;
    if (latest !== null && latest !== headSha && !contradicted) {
      const current = await headOnGitHub(reader, pr).catch(() => null);
      if (stopped) return;
      if (current !== null && current !== headSha) {
        controller.abort(staleHeadError(current));
        return;
      }
      doubted = { value: latest, until: Date.now() + RECONFIRM_MS };
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
