import type { FakeState, RepoRecord } from "./state.js";

/**
 * Resolves what GitHub accepts as a ref in a URL or `?ref=`: a commit SHA, a branch or tag name,
 * or a full `refs/…` name. Returns the commit SHA, or undefined when nothing matches.
 */
export function resolveRef(state: FakeState, repo: RepoRecord, ref: string): string | undefined {
  if (/^[0-9a-f]{40}$/i.test(ref) && state.objects.commit(ref.toLowerCase())) return ref.toLowerCase();
  const candidates = ref.startsWith("refs/") ? [ref] : [`refs/heads/${ref}`, `refs/tags/${ref}`];
  for (const name of candidates) {
    const sha = repo.refs.get(name);
    if (sha) return sha;
  }
  return undefined;
}

/** The nearest common ancestor of two commits (breadth first), as `compare` uses it. */
export function mergeBase(state: FakeState, a: string, b: string): string | undefined {
  const ancestorsOfA = new Set<string>();
  const queue = [a];
  while (queue.length > 0) {
    const sha = queue.shift() as string;
    if (ancestorsOfA.has(sha)) continue;
    ancestorsOfA.add(sha);
    queue.push(...(state.objects.commit(sha)?.parents ?? []));
  }
  const seen = new Set<string>();
  const walk = [b];
  while (walk.length > 0) {
    const sha = walk.shift() as string;
    if (ancestorsOfA.has(sha)) return sha;
    if (seen.has(sha)) continue;
    seen.add(sha);
    walk.push(...(state.objects.commit(sha)?.parents ?? []));
  }
  return undefined;
}
