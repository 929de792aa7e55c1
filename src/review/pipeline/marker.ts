import type { PullRequestRef } from "../ports.js";

/**
 * A hidden marker in every review body. Before posting, a worker looks for it: if a previous
 * attempt already posted (and died before recording it), the review is not posted twice.
 */
export function reviewMarker(pr: PullRequestRef, key: string): string {
  const id = `${pr.owner}/${pr.repo}#${pr.pullNumber}/${key}`.replace(/[^A-Za-z0-9_.:#/@-]/g, "_");
  return `<!-- codex-spark-bot:review ${id} -->`;
}
