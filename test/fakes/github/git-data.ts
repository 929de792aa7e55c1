import { notFound, unprocessableMessage, validationFailed } from "./errors.js";
import { bodyAs, requireRepo, type Handler, type RequestContext } from "./handler.js";
import { botPerson, renderGitCommit, renderRef, renderTree } from "./git-render.js";
import type { FlatEntry, GitPerson } from "./object-store.js";
import { resolveRef } from "./refs.js";
import { moveHead } from "./seed.js";
import type { FakeState, RepoRecord } from "./state.js";

interface TreeItem {
  path?: string;
  mode?: string;
  type?: "blob" | "tree" | "commit";
  sha?: string | null;
  content?: string;
}

/** Moves a branch and, like a push, every open PR whose head is that branch. */
export function advanceBranch(state: FakeState, repo: RepoRecord, ref: string, sha: string): void {
  repo.refs.set(ref, sha);
  const branch = ref.replace(/^refs\/heads\//, "");
  for (const pull of state.pulls.values()) {
    if (pull.state === "open" && pull.head.ref === branch && pull.head.repoFullName === repo.fullName) {
      moveHead(state, pull, sha);
    }
  }
}

function fullRef(ctx: RequestContext): string {
  return `refs/${ctx.params["ref"] ?? ""}`;
}

function person(input: Partial<GitPerson> | undefined, fallback: GitPerson): GitPerson {
  return input?.name && input.email
    ? { name: input.name, email: input.email, date: input.date ?? fallback.date }
    : fallback;
}

function applyTreeItem(ctx: RequestContext, files: Map<string, FlatEntry>, item: TreeItem): void {
  const path = item.path ?? "";
  if (path === "" || path.startsWith("/")) throw unprocessableMessage("tree.path cannot start with a slash");
  if (item.sha !== undefined && item.content !== undefined) {
    throw unprocessableMessage("Must supply either tree.sha or tree.content, not both");
  }
  for (const key of [...files.keys()]) if (key.startsWith(`${path}/`)) files.delete(key);
  if (item.sha === null) {
    files.delete(path);
    return;
  }
  const mode = item.mode ?? "100644";
  if (item.content !== undefined) {
    files.set(path, { mode, type: "blob", sha: ctx.state.objects.putBlob(item.content) });
    return;
  }
  const sha = item.sha ?? "";
  if (item.type === "tree") {
    if (!ctx.state.objects.tree(sha)) throw unprocessableMessage("Invalid tree info");
    files.delete(path);
    for (const [sub, entry] of ctx.state.objects.flatten(sha)) files.set(`${path}/${sub}`, entry);
    return;
  }
  if (item.type !== "commit" && !ctx.state.objects.blob(sha)) throw unprocessableMessage("Invalid tree info");
  files.set(path, { mode, type: item.type ?? "blob", sha });
}

export const gitDataHandlers: Record<string, Handler> = {
  "git/get-ref": (ctx) => {
    const repo = requireRepo(ctx);
    const sha = repo.refs.get(fullRef(ctx));
    if (!sha) throw notFound();
    return { status: 200, body: renderRef(repo.fullName, fullRef(ctx), sha, ctx.urls) };
  },

  "git/update-ref": (ctx) => {
    const repo = requireRepo(ctx);
    const { sha, force } = bodyAs<{ sha: string; force?: boolean }>(ctx);
    const current = repo.refs.get(fullRef(ctx));
    if (!current) throw unprocessableMessage("Reference does not exist");
    if (!ctx.state.objects.commit(sha)) throw unprocessableMessage("Object does not exist");
    if (!force && !ctx.state.objects.isAncestor(current, sha))
      throw unprocessableMessage("Update is not a fast forward");
    advanceBranch(ctx.state, repo, fullRef(ctx), sha);
    return { status: 200, body: renderRef(repo.fullName, fullRef(ctx), sha, ctx.urls) };
  },

  "git/get-commit": (ctx) => {
    const repo = requireRepo(ctx);
    const sha = ctx.params["commit_sha"] ?? "";
    const commit = ctx.state.objects.commit(sha);
    if (!commit) throw notFound();
    return { status: 200, body: renderGitCommit(repo.fullName, sha, commit, ctx.urls) };
  },

  "git/create-commit": (ctx) => {
    const repo = requireRepo(ctx);
    const body = bodyAs<{
      message: string;
      tree: string;
      parents?: string[];
      author?: GitPerson;
      committer?: GitPerson;
    }>(ctx);
    if (!ctx.state.objects.tree(body.tree)) throw unprocessableMessage("Tree SHA does not exist");
    const parents = body.parents ?? [];
    if (parents.some((p) => !ctx.state.objects.commit(p))) {
      throw unprocessableMessage("Parent SHA does not exist or is not a commit object");
    }
    const fallback = botPerson(ctx.app);
    const author = person(body.author, fallback);
    const commit = {
      tree: body.tree,
      parents,
      message: body.message,
      author,
      committer: person(body.committer, author),
    };
    const sha = ctx.state.objects.putCommit(commit);
    return { status: 201, body: renderGitCommit(repo.fullName, sha, commit, ctx.urls) };
  },

  "git/get-tree": (ctx) => {
    const repo = requireRepo(ctx);
    const given = ctx.params["tree_sha"] ?? "";
    // `tree_sha` may also be a commit or a branch name; GitHub then lists that commit's tree.
    const commitSha = ctx.state.objects.tree(given) ? undefined : resolveRef(ctx.state, repo, given);
    const sha = commitSha ? ctx.state.objects.commit(commitSha)?.tree : given;
    if (!sha || !ctx.state.objects.tree(sha)) throw notFound();
    const recursive = ctx.query["recursive"] !== undefined;
    return {
      status: 200,
      body: renderTree(
        ctx.state.objects,
        repo.fullName,
        sha,
        recursive,
        ctx.urls,
        recursive ? ctx.state.treeEntryLimit : undefined,
      ),
    };
  },

  "git/create-tree": (ctx) => {
    const repo = requireRepo(ctx);
    const body = bodyAs<{ tree: TreeItem[]; base_tree?: string }>(ctx);
    if (body.base_tree !== undefined && !ctx.state.objects.tree(body.base_tree)) {
      throw validationFailed([
        {
          resource: "Tree",
          code: "invalid",
          field: "base_tree",
          message: "base_tree is not a valid tree oid",
        },
      ]);
    }
    const files = body.base_tree ? ctx.state.objects.flatten(body.base_tree) : new Map<string, FlatEntry>();
    for (const item of body.tree) applyTreeItem(ctx, files, item);
    const sha = ctx.state.objects.buildTree(files);
    return { status: 201, body: renderTree(ctx.state.objects, repo.fullName, sha, false, ctx.urls) };
  },

  "git/create-blob": (ctx) => {
    const repo = requireRepo(ctx);
    const body = bodyAs<{ content: string; encoding?: string }>(ctx);
    if (body.encoding !== undefined && body.encoding !== "utf-8" && body.encoding !== "base64") {
      throw validationFailed([{ resource: "Blob", code: "invalid", field: "encoding" }]);
    }
    const content = body.encoding === "base64" ? Buffer.from(body.content, "base64") : body.content;
    const sha = ctx.state.objects.putBlob(content);
    return { status: 201, body: { sha, url: `${ctx.urls.api}/repos/${repo.fullName}/git/blobs/${sha}` } };
  },

  "git/get-blob": (ctx) => {
    const repo = requireRepo(ctx);
    const sha = ctx.params["file_sha"] ?? "";
    const blob = ctx.state.objects.blob(sha);
    if (!blob) throw notFound();
    const content = (blob.toString("base64").match(/.{1,60}/g) ?? []).join("\n") + "\n";
    return {
      status: 200,
      body: {
        sha,
        node_id: `B_kwDO${sha.slice(0, 16)}`,
        size: blob.length,
        url: `${ctx.urls.api}/repos/${repo.fullName}/git/blobs/${sha}`,
        content,
        encoding: "base64",
      },
    };
  },
};
