import type { PullRequestInfo, PullRequestReader, PullRequestRef, ChangedFile } from "../ports.js";
import { mapConcurrent } from "./concurrency.js";

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

/**
 * The head version of every file a finding points at, so suggestions can be verified against the
 * real text. The base repository serves a PR's head commit even when it comes from a fork.
 */
export async function fetchHeadContents(
  reader: PullRequestReader,
  pr: PullRequestRef,
  headSha: string,
  paths: Iterable<string>,
): Promise<Map<string, string | null>> {
  const unique = [...new Set(paths)];
  const contents = await mapConcurrent(unique, 8, (path) => reader.getFileContent(pr, path, headSha));
  return new Map(unique.map((path, i) => [path, contents[i] ?? null]));
}
