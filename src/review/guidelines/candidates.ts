/**
 * Where guideline files may be: the repository root and every directory above a changed file. Each
 * candidate costs one contents request, so the list is bounded, and it is ordered so that the bound
 * keeps what matters most: the root (it applies to every file), then each changed file's own
 * directory, then their parents, and so on outwards.
 */

/** Most candidates looked up by default. */
export const DEFAULT_MAX_CANDIDATES = 20;

/** `a/b/c.ts` → `["a/b", "a"]`: the directories above a path, nearest first, root excluded. */
function ancestorDirectories(path: string): string[] {
  const parts = path
    .replace(/\\/g, "/")
    .split("/")
    .filter((part) => part !== "" && part !== ".");
  // A path climbing out of the repository is not something GitHub lists; it gets no candidates.
  if (parts.includes("..")) return [];
  const dirs: string[] = [];
  for (let end = parts.length - 1; end > 0; end--) dirs.push(parts.slice(0, end).join("/"));
  return dirs;
}

/**
 * The directories to look in: `""` (the root) first, then, round by round, the nearest directory of
 * each changed file not yet listed, then the next one up, until `max`.
 */
export function guidelineDirectories(
  changedPaths: readonly string[],
  max = DEFAULT_MAX_CANDIDATES,
): string[] {
  if (max <= 0) return [];
  const chains = changedPaths.map(ancestorDirectories);
  const dirs = [""];
  const seen = new Set(dirs);
  const deepest = Math.max(0, ...chains.map((chain) => chain.length));
  for (let round = 0; round < deepest && dirs.length < max; round++) {
    for (const chain of chains) {
      const dir = chain[round];
      if (dir === undefined || seen.has(dir)) continue;
      seen.add(dir);
      dirs.push(dir);
      if (dirs.length >= max) break;
    }
  }
  return dirs;
}

/** `("packages/api", "AGENTS.md")` → `packages/api/AGENTS.md`; the root's file is just its name. */
export function candidatePath(dir: string, fileName: string): string {
  return dir === "" ? fileName : `${dir}/${fileName}`;
}

/** How deep a candidate is: 0 for the root's file. More specific guidance has a greater depth. */
export function candidateDepth(path: string): number {
  return path.split("/").length - 1;
}

/**
 * The guideline files to look up for a change: the root `fileName` plus the `fileName` of every
 * ancestor directory of the changed files, nearest first, deduplicated, at most `max`.
 */
export function guidelineCandidates(
  changedPaths: readonly string[],
  fileName = "AGENTS.md",
  max = DEFAULT_MAX_CANDIDATES,
): string[] {
  return guidelineDirectories(changedPaths, max).map((dir) => candidatePath(dir, fileName));
}
