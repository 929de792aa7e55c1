import type { ReviewScope } from "../../commands/types.js";
import { ReviewScopeError } from "../../errors.js";
import type { ChangedFile, PullRequestInfo, PullRequestReader, PullRequestRef } from "../ports.js";
import { resolveRange, restrictToGlobs } from "./review-scope.js";

/** GitHub lists at most this many files of a pull request, however many it changes. */
export const FILE_LISTING_LIMIT = 3000;

const short = (sha: string): string => sha.slice(0, 7);

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
  /** Why the pass is full when an incremental one was asked for and could have run. */
  fallback?: string;
  /**
   * Files the PR changes beyond what GitHub lists (its 3,000-file cap): never seen, never
   * reviewed, and said so. Zero for nearly every PR.
   */
  unlisted: number;
  /**
   * The unlisted files by name, when GitHub's trees could tell them (renames show as the old and
   * the new path); empty when they could not.
   */
  unlistedPaths: string[];
}

/**
 * How many of the PR's files GitHub left out of its listing. Counted only when the listing is full:
 * below the cap, a difference means the PR moved between the two reads, not that files are missing.
 */
export function unlistedFiles(info: Pick<PullRequestInfo, "changedFiles">, listed: number): number {
  if (listed < FILE_LISTING_LIMIT || info.changedFiles === undefined) return 0;
  return Math.max(0, info.changedFiles - listed);
}

/**
 * The names of the files GitHub's listing left out, from the trees of the merge base and the head.
 * Only the count is promised: a read that fails leaves the names out, never the review.
 */
async function unlistedNames(
  reader: PullRequestReader,
  pr: PullRequestRef,
  info: Pick<PullRequestInfo, "headSha" | "baseSha">,
  prFiles: readonly ChangedFile[],
  unlisted: number,
): Promise<string[]> {
  if (unlisted === 0) return [];
  const all = await reader.changedPaths(pr, info.baseSha, info.headSha).catch(() => null);
  if (all === null) return [];
  const listed = new Set(prFiles.flatMap((f) => (f.previousPath ? [f.path, f.previousPath] : [f.path])));
  return all.filter((path) => !listed.has(path));
}

/**
 * Chooses what to show the model. An incremental pass reviews what changed since the last head the
 * bot reviewed — restricted to files the PR still changes, because a push that reverts a file
 * leaves nothing to comment on — and falls back to the whole PR when there is no reviewed head, a
 * force-push dropped it, or the changes are more than GitHub's compare lists (a pass over part of
 * them would leave the rest unreviewed without anyone knowing).
 */
export async function selectDiff(
  reader: PullRequestReader,
  pr: PullRequestRef,
  prFiles: ChangedFile[],
  wanted: "full" | "incremental",
  reviewedHead: string | null,
  info: Pick<PullRequestInfo, "headSha" | "baseSha" | "changedFiles">,
  scope: ReviewScope | null = null,
): Promise<DiffSelection> {
  const unlisted = unlistedFiles(info, prFiles.length);
  // Beside the compare, not after it: neither needs the other.
  const names = unlistedNames(reader, pr, info, prFiles, unlisted);
  const selection = await choose(reader, pr, prFiles, wanted, reviewedHead, info, scope);
  return { ...selection, unlisted, unlistedPaths: await names };
}

async function choose(
  reader: PullRequestReader,
  pr: PullRequestRef,
  prFiles: ChangedFile[],
  wanted: "full" | "incremental",
  reviewedHead: string | null,
  info: Pick<PullRequestInfo, "headSha" | "baseSha">,
  scope: ReviewScope | null,
): Promise<Omit<DiffSelection, "unlisted" | "unlistedPaths">> {
  const headSha = info.headSha;
  const inPr = (files: readonly ChangedFile[]): ChangedFile[] => {
    const paths = new Set(prFiles.map((f) => f.path));
    return files.filter((f) => paths.has(f.path));
  };
  if (scope?.kind === "range") {
    const { from, to } = await resolveRange(reader, pr, info, scope);
    const changed = await reader.compare(pr, from, to);
    if (changed && !changed.complete) {
      throw new ReviewScopeError(
        `\`${short(from)}..${short(to)}\` changes ${changed.files.length} or more files, more than GitHub's compare lists, so it can't be reviewed as a range.`,
      );
    }
    return {
      files: inPr(changed?.files ?? []),
      mode: "incremental",
      since: from,
      until: to,
      requested: scope.kind,
    };
  }
  if (scope?.kind === "paths") {
    const files = restrictToGlobs(prFiles, scope.globs);
    return { files, mode: "full", since: null, requested: scope.kind };
  }
  if (scope?.kind === "full") {
    return { files: prFiles, mode: "full", since: null, requested: scope.kind };
  }
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
  if (!changed.complete) {
    const fallback = `The changes since the last reviewed commit (${short(reviewedHead)}) touch ${changed.files.length} or more files, more than GitHub's compare lists, so the whole pull request was reviewed instead.`;
    return { files: prFiles, mode: "full", since: null, fallback };
  }
  return { files: inPr(changed.files), mode: "incremental", since: reviewedHead };
}
