import type { AppInfo } from "./handler.js";
import type { CommitObject, GitPerson, ObjectStore } from "./object-store.js";
import type { Urls } from "./render-common.js";
import { nowIso } from "./state.js";

/** The identity GitHub records for commits an app makes through the API. */
export function botPerson(app: AppInfo): GitPerson {
  return {
    name: app.bot.login,
    email: `${app.bot.id}+${app.bot.login}@users.noreply.github.com`,
    date: nowIso(),
  };
}

/** A "Git Commit" of the Git data API. */
export function renderGitCommit(fullName: string, sha: string, commit: CommitObject, urls: Urls) {
  const api = `${urls.api}/repos/${fullName}`;
  return {
    sha,
    node_id: `C_kwDO${Buffer.from(sha).toString("base64url").slice(0, 24)}`,
    url: `${api}/git/commits/${sha}`,
    html_url: `${urls.web}/${fullName}/commit/${sha}`,
    author: { ...commit.author },
    committer: { ...commit.committer },
    tree: { sha: commit.tree, url: `${api}/git/trees/${commit.tree}` },
    message: commit.message,
    parents: commit.parents.map((p) => ({
      sha: p,
      url: `${api}/git/commits/${p}`,
      html_url: `${urls.web}/${fullName}/commit/${p}`,
    })),
    verification: { verified: false, reason: "unsigned", signature: null, payload: null, verified_at: null },
  };
}

/** A "Git Reference". */
export function renderRef(fullName: string, ref: string, sha: string, urls: Urls) {
  const api = `${urls.api}/repos/${fullName}`;
  return {
    ref,
    node_id: `REF_kwDO${Buffer.from(`${fullName}:${ref}`).toString("base64url")}`,
    url: `${api}/git/${ref}`,
    object: { type: "commit", sha, url: `${api}/git/commits/${sha}` },
  };
}

/** A "Git Tree", flat or recursive (subtrees listed as `tree` entries, as GitHub does). */
export function renderTree(
  store: ObjectStore,
  fullName: string,
  sha: string,
  recursive: boolean,
  urls: Urls,
  maxEntries = Number.POSITIVE_INFINITY,
) {
  const api = `${urls.api}/repos/${fullName}`;
  const all = recursive
    ? [...store.flatten(sha, true)].map(([path, e]) => ({ path, ...e }))
    : (store.tree(sha) ?? []).map((e) => ({ path: e.name, mode: e.mode, type: e.type, sha: e.sha }));
  const entries = all.slice(0, maxEntries);
  return {
    sha,
    url: `${api}/git/trees/${sha}`,
    tree: entries.map((e) => ({
      path: e.path,
      mode: e.mode,
      type: e.type,
      sha: e.sha,
      ...(e.type === "blob"
        ? { size: store.blob(e.sha)?.length ?? 0, url: `${api}/git/blobs/${e.sha}` }
        : {}),
      ...(e.type === "tree" ? { url: `${api}/git/trees/${e.sha}` } : {}),
    })),
    truncated: entries.length < all.length,
  };
}
