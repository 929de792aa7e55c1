import type { ChangedFile, PullRequestReader, PullRequestRef } from "../ports.js";

export interface DiffSelection {
  /** The files (and patches) the model reviews. */
  files: ChangedFile[];
  /** `incremental` only when the compare from the last reviewed head worked. */
  mode: "full" | "incremental";
  /** The head the incremental diff starts from. */
  since: string | null;
}

/**
 * Chooses what to show the model. An incremental pass reviews what changed since the last head the
 * bot reviewed — restricted to files the PR still changes, because a push that reverts a file
 * leaves nothing to comment on — and falls back to the whole PR when there is no reviewed head or a
 * force-push dropped it.
 */
export async function selectDiff(
  reader: PullRequestReader,
  pr: PullRequestRef,
  prFiles: ChangedFile[],
  wanted: "full" | "incremental",
  reviewedHead: string | null,
  headSha: string,
): Promise<DiffSelection> {
  if (wanted === "full" || reviewedHead === null || reviewedHead === headSha) {
    return { files: prFiles, mode: "full", since: null };
  }
  const changed = await reader.compare(pr, reviewedHead, headSha);
  if (changed === null) return { files: prFiles, mode: "full", since: null };
  const inPr = new Set(prFiles.map((f) => f.path));
  return { files: changed.filter((f) => inPr.has(f.path)), mode: "incremental", since: reviewedHead };
}
