import { lineMapOf } from "./diff-lines.js";
import { computePatch } from "./make-patch.js";
import type { FlatEntry, ObjectStore } from "./object-store.js";
import type { PullFileRecord } from "./state.js";
import type { PullFileInput } from "./types.js";

const ZERO_SHA = "0000000000000000000000000000000000000000";

function countLines(patch: string | undefined, mark: "+" | "-"): number {
  if (!patch) return 0;
  return patch.split("\n").filter((line) => line.startsWith(mark)).length;
}

/* An added file's patch holds every line, so its content can be rebuilt when a test omits it. */
function contentFromAddedPatch(patch: string | undefined): string | undefined {
  if (!patch) return undefined;
  const lines = patch.split("\n").filter((line) => line.startsWith("+"));
  return lines.map((line) => line.slice(1)).join("\n") + "\n";
}

/**
 * The head tree of a PR: the base tree with the listed changes applied. A changed file takes its
 * text from `headContents`, else from `previousHead`, else (for an added file) from its patch.
 */
export function buildHeadTree(
  store: ObjectStore,
  baseTree: string,
  files: PullFileInput[] | undefined,
  headContents: Record<string, string | Uint8Array>,
  previousHead?: string,
): string {
  const tree = store.flatten(baseTree);
  const previous = previousHead ? store.flatten(previousHead) : new Map<string, FlatEntry>();
  const put = (path: string, content: string | Uint8Array) =>
    tree.set(path, {
      mode: "100644",
      type: "blob",
      sha: store.putBlob(typeof content === "string" ? content : Buffer.from(content)),
    });
  for (const file of files ?? []) {
    if (file.status === "removed") {
      tree.delete(file.path);
      continue;
    }
    if (file.status === "renamed" && file.previousPath) tree.delete(file.previousPath);
    const text = headContents[file.path];
    const carried = previous.get(file.path);
    if (text !== undefined) put(file.path, text);
    else if (carried) tree.set(file.path, carried);
    else if (file.status === "added") {
      const rebuilt = contentFromAddedPatch(file.patch);
      if (rebuilt !== undefined) put(file.path, rebuilt);
    }
  }
  for (const [path, text] of Object.entries(headContents)) put(path, text);
  return store.buildTree(tree);
}

/** The changed files between two trees, as GitHub lists them (no rename detection). */
export function diffTrees(store: ObjectStore, baseTree: string, headTree: string): PullFileRecord[] {
  const before = store.flatten(baseTree);
  const after = store.flatten(headTree);
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
  const out: PullFileRecord[] = [];
  for (const path of paths) {
    const old = before.get(path);
    const now = after.get(path);
    if (old?.sha === now?.sha) continue;
    const text = (entry: FlatEntry | undefined) =>
      entry ? store.blob(entry.sha)?.toString("utf8") : undefined;
    const computed = computePatch(text(old), text(now));
    out.push({
      path,
      status: !old ? "added" : !now ? "removed" : "modified",
      ...(computed ? { patch: computed.patch } : {}),
      additions: computed?.additions ?? 0,
      deletions: computed?.deletions ?? 0,
      sha: (now ?? old)?.sha ?? ZERO_SHA,
    });
  }
  return out;
}

/** Test-given files completed with counts and blob SHAs; throws on a patch `diff` cannot parse. */
export function fileRecords(
  store: ObjectStore,
  inputs: PullFileInput[],
  baseTree: string,
  headTree: string,
): PullFileRecord[] {
  const base = store.flatten(baseTree);
  const head = store.flatten(headTree);
  return inputs.map((file) => {
    try {
      lineMapOf(file.patch);
    } catch (error) {
      throw new Error(`fake GitHub: the patch of ${file.path} does not parse: ${String(error)}`, {
        cause: error,
      });
    }
    return {
      path: file.path,
      status: file.status,
      ...(file.patch !== undefined ? { patch: file.patch } : {}),
      ...(file.previousPath !== undefined ? { previousPath: file.previousPath } : {}),
      additions: file.additions ?? countLines(file.patch, "+"),
      deletions: file.deletions ?? countLines(file.patch, "-"),
      sha: (head.get(file.path) ?? base.get(file.previousPath ?? file.path))?.sha ?? ZERO_SHA,
    };
  });
}
