import { createHash } from "node:crypto";

/** A person line of a commit, as the Git data API shows it. */
export interface GitPerson {
  name: string;
  email: string;
  /** ISO 8601. */
  date: string;
}

export type TreeEntryType = "blob" | "tree" | "commit";

export interface TreeEntry {
  /** As the API writes it: `100644`, `100755`, `040000`, `160000`, `120000`. */
  mode: string;
  type: TreeEntryType;
  sha: string;
  name: string;
}

export interface CommitObject {
  tree: string;
  parents: string[];
  message: string;
  author: GitPerson;
  committer: GitPerson;
}

export type GitObject =
  | { type: "blob"; content: Buffer }
  | { type: "tree"; entries: TreeEntry[] }
  | ({ type: "commit" } & CommitObject);

/** A file (or submodule, or nested tree) found by walking a tree. */
export interface FlatEntry {
  mode: string;
  type: TreeEntryType;
  sha: string;
}

function sha1(header: string, payload: Buffer): string {
  return createHash("sha1")
    .update(Buffer.concat([Buffer.from(`${header} ${payload.length}\0`), payload]))
    .digest("hex");
}

function personLine(role: string, person: GitPerson): string {
  const seconds = Math.floor(new Date(person.date).getTime() / 1000);
  return `${role} ${person.name} <${person.email}> ${seconds} +0000\n`;
}

// Git orders tree entries by name, comparing a subtree's name as if it ended with "/".
function treeSortKey(entry: TreeEntry): string {
  return entry.type === "tree" ? `${entry.name}/` : entry.name;
}

/**
 * A small content-addressed Git object store: blob and tree ids are real Git SHA-1s; commits seeded
 * by tests may be stored under a chosen SHA (the PR's head SHA), those created through the API get
 * their real id.
 */
export class ObjectStore {
  private readonly objects = new Map<string, GitObject>();

  has(sha: string): boolean {
    return this.objects.has(sha);
  }

  get(sha: string): GitObject | undefined {
    return this.objects.get(sha);
  }

  putBlob(content: Buffer | string): string {
    const buffer = typeof content === "string" ? Buffer.from(content, "utf8") : content;
    const sha = sha1("blob", buffer);
    this.objects.set(sha, { type: "blob", content: buffer });
    return sha;
  }

  putTree(entries: TreeEntry[]): string {
    const sorted = [...entries].sort((a, b) => (treeSortKey(a) < treeSortKey(b) ? -1 : 1));
    const payload = Buffer.concat(
      sorted.map((e) =>
        Buffer.concat([Buffer.from(`${e.mode.replace(/^0+/, "")} ${e.name}\0`), Buffer.from(e.sha, "hex")]),
      ),
    );
    const sha = sha1("tree", payload);
    this.objects.set(sha, { type: "tree", entries: sorted });
    return sha;
  }

  putCommit(commit: CommitObject, forcedSha?: string): string {
    const text =
      `tree ${commit.tree}\n` +
      commit.parents.map((p) => `parent ${p}\n`).join("") +
      personLine("author", commit.author) +
      personLine("committer", commit.committer) +
      `\n${commit.message}`;
    const sha = forcedSha ?? sha1("commit", Buffer.from(text, "utf8"));
    this.objects.set(sha, { type: "commit", ...commit });
    return sha;
  }

  blob(sha: string): Buffer | undefined {
    const object = this.objects.get(sha);
    return object?.type === "blob" ? object.content : undefined;
  }

  tree(sha: string): TreeEntry[] | undefined {
    const object = this.objects.get(sha);
    return object?.type === "tree" ? object.entries : undefined;
  }

  commit(sha: string): CommitObject | undefined {
    const object = this.objects.get(sha);
    if (object?.type !== "commit") return undefined;
    const { tree, parents, message, author, committer } = object;
    return { tree, parents, message, author, committer };
  }

  /** Every entry below a tree, keyed by full path; subtrees included when `withTrees`. */
  flatten(treeSha: string, withTrees = false, prefix = ""): Map<string, FlatEntry> {
    const out = new Map<string, FlatEntry>();
    for (const entry of this.tree(treeSha) ?? []) {
      const path = prefix + entry.name;
      if (entry.type === "tree") {
        if (withTrees) out.set(path, { mode: entry.mode, type: "tree", sha: entry.sha });
        for (const [sub, value] of this.flatten(entry.sha, withTrees, `${path}/`)) out.set(sub, value);
      } else {
        out.set(path, { mode: entry.mode, type: entry.type, sha: entry.sha });
      }
    }
    return out;
  }

  /** Builds nested trees from a map of full paths to blob (or submodule) entries. */
  buildTree(files: Map<string, FlatEntry>): string {
    const direct: TreeEntry[] = [];
    const children = new Map<string, Map<string, FlatEntry>>();
    for (const [path, entry] of files) {
      const slash = path.indexOf("/");
      if (slash < 0) {
        direct.push({ name: path, ...entry });
        continue;
      }
      const dir = path.slice(0, slash);
      const sub = children.get(dir) ?? new Map<string, FlatEntry>();
      sub.set(path.slice(slash + 1), entry);
      children.set(dir, sub);
    }
    for (const [dir, sub] of children) {
      direct.push({ name: dir, mode: "040000", type: "tree", sha: this.buildTree(sub) });
    }
    return this.putTree(direct);
  }

  /** A tree holding exactly these text files (mode 100644). */
  treeFromContents(contents: Record<string, string>): string {
    const files = new Map<string, FlatEntry>();
    for (const [path, text] of Object.entries(contents)) {
      files.set(path, { mode: "100644", type: "blob", sha: this.putBlob(text) });
    }
    return this.buildTree(files);
  }

  /** The text of every file of a tree. */
  contentsOf(treeSha: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [path, entry] of this.flatten(treeSha)) {
      const blob = entry.type === "blob" ? this.blob(entry.sha) : undefined;
      if (blob) out[path] = blob.toString("utf8");
    }
    return out;
  }

  /** Whether `ancestor` is `descendant` or reachable from it through parents. */
  isAncestor(ancestor: string, descendant: string): boolean {
    const seen = new Set<string>();
    const queue = [descendant];
    while (queue.length > 0) {
      const sha = queue.pop() as string;
      if (sha === ancestor) return true;
      if (seen.has(sha)) continue;
      seen.add(sha);
      queue.push(...(this.commit(sha)?.parents ?? []));
    }
    return false;
  }
}
