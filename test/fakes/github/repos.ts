import { notFound } from "./errors.js";
import { requireRepo, type Handler, type RequestContext } from "./handler.js";
import type { FlatEntry } from "./object-store.js";
import { diffTrees } from "./pull-files.js";
import { resolveRef } from "./refs.js";
import { renderRepo, renderUser } from "./render-common.js";
import { renderCommit, renderFile } from "./render-pull.js";
import type { RepoRecord, RepoRole } from "./state.js";

/* The REST permission API folds the finer roles into the four classic levels; `role_name` keeps them. */
const CLASSIC_PERMISSION: Record<RepoRole, string> = {
  admin: "admin",
  maintain: "write",
  write: "write",
  triage: "read",
  read: "read",
  none: "none",
};

function isRaw(ctx: RequestContext): boolean {
  return /application\/vnd\.github(\.v3)?\.raw/.test(ctx.headers["accept"] ?? "");
}

function contentEntry(ctx: RequestContext, repo: RepoRecord, ref: string, path: string, entry: FlatEntry) {
  const api = `${ctx.urls.api}/repos/${repo.fullName}`;
  const encoded = path.split("/").map(encodeURIComponent).join("/");
  const self = `${api}/contents/${encoded}?ref=${encodeURIComponent(ref)}`;
  const type =
    entry.type === "tree"
      ? "dir"
      : entry.type === "commit"
        ? "submodule"
        : entry.mode === "120000"
          ? "symlink"
          : "file";
  const html = `${ctx.urls.web}/${repo.fullName}/${type === "dir" ? "tree" : "blob"}/${ref}/${encoded}`;
  const git = `${api}/git/${type === "dir" ? "trees" : "blobs"}/${entry.sha}`;
  return {
    type,
    size: entry.type === "blob" ? (ctx.state.objects.blob(entry.sha)?.length ?? 0) : 0,
    name: path.split("/").pop() ?? path,
    path,
    sha: entry.sha,
    url: self,
    git_url: git,
    html_url: html,
    download_url: type === "file" ? `${ctx.urls.web}/${repo.fullName}/raw/${ref}/${encoded}` : null,
    _links: { self, git, html },
  };
}

export const repoHandlers: Record<string, Handler> = {
  "repos/get": (ctx) => ({ status: 200, body: renderRepo(requireRepo(ctx), ctx.urls, true) }),

  "repos/get-collaborator-permission-level": (ctx) => {
    const repo = requireRepo(ctx);
    const login = ctx.params["username"] ?? "";
    // Every login exists here; GitHub's 404 for a login that does not exist at all is not modelled.
    const known = ctx.state.user(login);
    const role = repo.roles.get(login.toLowerCase()) ?? "none";
    const permission = CLASSIC_PERMISSION[role];
    const user = {
      ...renderUser(known, ctx.urls),
      permissions: {
        admin: role === "admin",
        maintain: role === "admin" || role === "maintain",
        push: ["admin", "maintain", "write"].includes(role),
        triage: role !== "read" && role !== "none",
        pull: role !== "none",
      },
      role_name: role,
    };
    return { status: 200, body: { permission, role_name: role, user } };
  },

  "repos/get-content": (ctx) => {
    const repo = requireRepo(ctx);
    const ref = typeof ctx.query["ref"] === "string" ? ctx.query["ref"] : repo.defaultBranch;
    const sha = resolveRef(ctx.state, repo, ref);
    const commit = sha ? ctx.state.objects.commit(sha) : undefined;
    // An unknown ref gets a 404 "No commit found for the ref …" on GitHub; the bot only sees 404.
    if (!commit) throw notFound();
    const path = (ctx.params["path"] ?? "").replace(/^\/+|\/+$/g, "");
    const all = ctx.state.objects.flatten(commit.tree, true);
    const entry = all.get(path);
    if (!entry && path !== "") throw notFound();
    if (!entry || entry.type === "tree") {
      const prefix = path === "" ? "" : `${path}/`;
      const children = [...all.entries()].filter(
        ([p]) => p.startsWith(prefix) && !p.slice(prefix.length).includes("/"),
      );
      return { status: 200, body: children.map(([p, e]) => contentEntry(ctx, repo, ref, p, e)) };
    }
    const blob = ctx.state.objects.blob(entry.sha) ?? Buffer.alloc(0);
    if (isRaw(ctx))
      return {
        status: 200,
        text: blob.toString("utf8"),
        headers: { "content-type": "text/plain; charset=utf-8" },
      };
    // GitHub wraps base64 content at 60 characters, with a trailing newline.
    const wrapped = (blob.toString("base64").match(/.{1,60}/g) ?? []).join("\n") + "\n";
    return {
      status: 200,
      body: { ...contentEntry(ctx, repo, ref, path, entry), content: wrapped, encoding: "base64" },
    };
  },

  "repos/get-commit": (ctx) => {
    const repo = requireRepo(ctx);
    const sha = resolveRef(ctx.state, repo, ctx.params["ref"] ?? "");
    const commit = sha ? ctx.state.objects.commit(sha) : undefined;
    if (!sha || !commit) throw notFound();
    const parentTree = commit.parents[0] ? ctx.state.objects.commit(commit.parents[0])?.tree : undefined;
    const files = diffTrees(
      ctx.state.objects,
      parentTree ?? ctx.state.objects.treeFromContents({}),
      commit.tree,
    );
    const additions = files.reduce((n, f) => n + f.additions, 0);
    const deletions = files.reduce((n, f) => n + f.deletions, 0);
    return {
      status: 200,
      body: {
        ...renderCommit(repo.fullName, sha, commit, ctx.urls),
        stats: { additions, deletions, total: additions + deletions },
        files: files.map((f) => renderFile(repo.fullName, sha, f, ctx.urls)),
      },
    };
  },

  "apps/get-repo-installation": (ctx) => {
    const repo = requireRepo(ctx);
    const installation = [...ctx.state.installations.values()].find((i) =>
      i.repositories.has(repo.fullName.toLowerCase()),
    );
    if (!installation) throw notFound();
    return {
      status: 200,
      body: {
        id: installation.id,
        account: renderUser(installation.account, ctx.urls),
        repository_selection: "selected",
        access_tokens_url: `${ctx.urls.api}/app/installations/${installation.id}/access_tokens`,
        repositories_url: `${ctx.urls.api}/installation/repositories`,
        html_url: `${ctx.urls.web}/settings/installations/${installation.id}`,
        app_id: ctx.app.id,
        app_slug: ctx.app.slug,
        target_id: installation.account.id,
        target_type: installation.account.type === "Organization" ? "Organization" : "User",
        permissions: installation.permissions,
        events: [
          "issue_comment",
          "pull_request",
          "pull_request_review",
          "pull_request_review_comment",
          "check_run",
        ],
        created_at: "2026-01-05T10:00:00Z",
        updated_at: "2026-01-05T10:00:00Z",
        single_file_name: null,
        has_multiple_single_files: false,
        single_file_paths: [],
        suspended_by: null,
        suspended_at: null,
      },
    };
  },

  "rate-limit/get": () => {
    const reset = Math.floor(Date.now() / 1000) + 3600;
    const rate = { limit: 5000, used: 0, remaining: 5000, reset };
    return {
      status: 200,
      body: { resources: { core: rate, graphql: rate, search: { ...rate, limit: 30, remaining: 30 } }, rate },
    };
  },
};
