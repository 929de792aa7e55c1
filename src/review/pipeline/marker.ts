/**
 * A hidden marker in every review body. Before posting, a worker looks for it: if a previous
 * attempt already posted (and died before recording it), the review is not posted twice.
 */
export function reviewMarker(key: string): string {
  return `<!-- codex-spark-bot:review ${key.replace(/[^A-Za-z0-9_.:#/-]/g, "_")} -->`;
}
