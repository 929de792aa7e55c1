import type { PullRequestInfo, PullRequestReader, PullRequestRef, ChangedFile } from "../ports.js";

export interface Gathered {
  info: PullRequestInfo;
  files: ChangedFile[];
  /** True when nobody asked (automatic work) or the person who asked may trigger paid work. */
  allowed: boolean;
}

/** The reads a review starts with, issued together: none depends on another. */
export async function gatherPullRequest(
  reader: PullRequestReader,
  pr: PullRequestRef,
  authorize: () => Promise<boolean>,
): Promise<Gathered> {
  const [info, files, allowed] = await Promise.all([
    reader.getPullRequest(pr),
    reader.listFiles(pr),
    authorize(),
  ]);
  return { info, files, allowed };
}
