import type { CommitObject } from "./object-store.js";
import { links, renderRepo, renderUser, type Urls } from "./render-common.js";
import type { FakeState, PullFileRecord, PullRecord, RepoRecord } from "./state.js";

function repoOrThrow(state: FakeState, fullName: string): RepoRecord {
  const [owner = "", name = ""] = fullName.split("/");
  const repo = state.repo(owner, name);
  if (!repo) throw new Error(`fake GitHub: no repository ${fullName}`);
  return repo;
}

/** A pull request as `GET /pulls/{n}` answers it. */
export function renderPull(state: FakeState, pull: PullRecord, urls: Urls): Record<string, unknown> {
  const base = repoOrThrow(state, pull.repoKey);
  const head = repoOrThrow(state, pull.head.repoFullName);
  const api = `${urls.api}/repos/${base.fullName}`;
  const self = `${api}/pulls/${pull.number}`;
  const web = `${urls.web}/${base.fullName}/pull/${pull.number}`;
  const additions = pull.files.reduce((n, f) => n + f.additions, 0);
  const deletions = pull.files.reduce((n, f) => n + f.deletions, 0);
  const issueComments = state.issueComments.filter(
    (c) => c.repoKey === pull.repoKey && c.issueNumber === pull.number,
  ).length;
  const reviewComments = state.reviewComments.filter(
    (c) => c.repoKey === pull.repoKey && c.pullNumber === pull.number,
  ).length;
  return {
    url: self,
    id: pull.id,
    node_id: pull.nodeId,
    html_url: web,
    diff_url: `${web}.diff`,
    patch_url: `${web}.patch`,
    issue_url: `${api}/issues/${pull.number}`,
    commits_url: `${self}/commits`,
    review_comments_url: `${self}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${api}/issues/${pull.number}/comments`,
    statuses_url: `${api}/statuses/${pull.head.sha}`,
    number: pull.number,
    state: pull.state,
    locked: false,
    title: pull.title,
    user: renderUser(pull.user, urls),
    body: pull.body,
    labels: [],
    milestone: null,
    active_lock_reason: null,
    created_at: pull.createdAt,
    updated_at: pull.updatedAt,
    closed_at: pull.state === "closed" ? pull.updatedAt : null,
    merged_at: null,
    merge_commit_sha: null,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: {
      label: `${head.owner.login}:${pull.head.ref}`,
      ref: pull.head.ref,
      sha: pull.head.sha,
      user: renderUser(head.owner, urls),
      repo: renderRepo(head, urls),
    },
    base: {
      label: `${base.owner.login}:${pull.base.ref}`,
      ref: pull.base.ref,
      sha: pull.base.sha,
      user: renderUser(base.owner, urls),
      repo: renderRepo(base, urls),
    },
    _links: links({
      self,
      html: web,
      issue: `${api}/issues/${pull.number}`,
      comments: `${api}/issues/${pull.number}/comments`,
      review_comments: `${self}/comments`,
      review_comment: `${api}/pulls/comments{/number}`,
      commits: `${self}/commits`,
      statuses: `${api}/statuses/${pull.head.sha}`,
    }),
    author_association: base.roles.has(pull.user.login.toLowerCase()) ? "COLLABORATOR" : "CONTRIBUTOR",
    auto_merge: null,
    draft: pull.draft,
    merged: pull.merged,
    mergeable: pull.state === "open" ? true : null,
    rebaseable: pull.state === "open" ? true : null,
    mergeable_state: pull.draft ? "draft" : "clean",
    merged_by: null,
    comments: issueComments,
    review_comments: reviewComments,
    maintainer_can_modify: pull.maintainerCanModify,
    commits: pullCommitShas(state, pull).length,
    additions,
    deletions,
    changed_files: pull.files.length,
  };
}

/** What a full pull request has and a "Pull Request Simple" (`pulls/list`) does not. */
const FULL_ONLY = [
  "merged",
  "mergeable",
  "rebaseable",
  "mergeable_state",
  "merged_by",
  "comments",
  "review_comments",
  "maintainer_can_modify",
  "commits",
  "additions",
  "deletions",
  "changed_files",
];

/** A "Pull Request Simple", as `pulls/list` lists them. */
export function renderPullSimple(state: FakeState, pull: PullRecord, urls: Urls): Record<string, unknown> {
  const full = renderPull(state, pull, urls);
  return Object.fromEntries(Object.entries(full).filter(([key]) => !FULL_ONLY.includes(key)));
}

/** A "Diff Entry" of `pulls/list-files` and `compare` (no `patch` for binary or huge files). */
export function renderFile(repoFullName: string, ref: string, file: PullFileRecord, urls: Urls) {
  const encoded = file.path.split("/").map(encodeURIComponent).join("/");
  return {
    sha: file.sha,
    filename: file.path,
    status: file.status,
    additions: file.additions,
    deletions: file.deletions,
    changes: file.additions + file.deletions,
    blob_url: `${urls.web}/${repoFullName}/blob/${ref}/${encoded}`,
    raw_url: `${urls.web}/${repoFullName}/raw/${ref}/${encoded}`,
    contents_url: `${urls.api}/repos/${repoFullName}/contents/${encoded}?ref=${ref}`,
    ...(file.patch !== undefined ? { patch: file.patch } : {}),
    ...(file.previousPath !== undefined ? { previous_filename: file.previousPath } : {}),
  };
}

/** The PR's commits, oldest first: the head's first-parent chain down to the base. */
export function pullCommitShas(state: FakeState, pull: PullRecord): string[] {
  return commitRange(state, pull.base.sha, pull.head.sha);
}

/** Commits reachable from `head` (first parents) until `base` or a root, oldest first. */
export function commitRange(state: FakeState, base: string, head: string): string[] {
  const out: string[] = [];
  let current: string | undefined = head;
  while (current && current !== base && out.length < 10_000) {
    const commit = state.objects.commit(current);
    if (!commit) break;
    out.push(current);
    current = commit.parents[0];
  }
  return out.reverse();
}

/** A "Commit" of `pulls/list-commits`, `compare` and `repos/get-commit`. */
export function renderCommit(repoFullName: string, sha: string, commit: CommitObject, urls: Urls) {
  const api = `${urls.api}/repos/${repoFullName}`;
  return {
    url: `${api}/commits/${sha}`,
    sha,
    node_id: `C_kwDO${Buffer.from(sha).toString("base64url").slice(0, 24)}`,
    html_url: `${urls.web}/${repoFullName}/commit/${sha}`,
    comments_url: `${api}/commits/${sha}/comments`,
    commit: {
      url: `${api}/git/commits/${sha}`,
      author: { ...commit.author },
      committer: { ...commit.committer },
      message: commit.message,
      tree: { sha: commit.tree, url: `${api}/git/trees/${commit.tree}` },
      comment_count: 0,
      verification: {
        verified: false,
        reason: "unsigned",
        signature: null,
        payload: null,
        verified_at: null,
      },
    },
    author: null,
    committer: null,
    parents: commit.parents.map((p) => ({
      sha: p,
      url: `${api}/commits/${p}`,
      html_url: `${urls.web}/${repoFullName}/commit/${p}`,
    })),
  };
}
