import type { ReviewScope } from "../../commands/types.js";
import type { ChangedFile, PullRequestInfo, PullRequestReader, PullRequestRef } from "../ports.js";
import { resolveRange, restrictToGlobs } from "./review-scope.js";

export interface DiffSelection {
  /** The files (and patches) the model reviews. */
  files: ChangedFile[];
  /** `incremental` only when the compare from the last reviewed head (or a requested range) worked. */
  mode: "full" | "incremental";
  /** The commit the incremental diff starts from. */
  since: string | null;
  /** The commit it ends at: the head, except for a requested range. */
  until?: string;
  /** What a person chose to review (a range, `full`, globs): no later-pass rules apply then. */
  requested?: ReviewScope["kind"];
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
  info: Pick<PullRequestInfo, "headSha" | "baseSha">,
  scope: ReviewScope | null = null,
): Promise<DiffSelection> {
  const headSha = info.headSha;
  if (scope?.kind === "range") {
    const { from, to } = await resolveRange(reader, pr, info, scope);
    const changed = (await reader.compare(pr, from, to)) ?? [];
    const inPr = new Set(prFiles.map((f) => f.path));
    return {
      files: changed.filter((f) => inPr.has(f.path)),
      mode: "incremental",
      since: from,
      until: to,
      requested: scope.kind,
    };
  }
  if (scope?.kind === "paths") {
    return { files: restrictToGlobs(prFiles, scope.globs), mode: "full", since: null, requested: scope.kind };
  }
  if (scope?.kind === "full") return { files: prFiles, mode: "full", since: null, requested: scope.kind };
  // An automatic pass of a head already reviewed (a job that reviewed GitHub's newer head before
  // this push's own job ran) has nothing new to say.
  if (wanted === "incremental" && reviewedHead === headSha) {
    return { files: [], mode: "incremental", since: headSha };
  }
  if (wanted === "full" || reviewedHead === null) {
    return { files: prFiles, mode: "full", since: null };
  }
  const changed = await reader.compare(pr, reviewedHead, headSha);
  if (changed === null) return { files: prFiles, mode: "full", since: null };
  const inPr = new Set(prFiles.map((f) => f.path));
  return { files: changed.filter((f) => inPr.has(f.path)), mode: "incremental", since: reviewedHead };
}
