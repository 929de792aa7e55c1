import type { RepoRecord, UserRecord } from "./state.js";

/** Where the fake lives: API URLs (`…/api/v3`) and web URLs, used in every `*_url` field. */
export interface Urls {
  api: string;
  web: string;
}

/** A "Simple User" as GitHub renders it (bots as `name[bot]` with `type: "Bot"`). */
export function renderUser(user: UserRecord, urls: Urls): Record<string, unknown> {
  const api = `${urls.api}/users/${encodeURIComponent(user.login)}`;
  return {
    login: user.login,
    id: user.id,
    node_id: user.nodeId,
    avatar_url: `${urls.web}/avatars/u/${user.id}?v=4`,
    gravatar_id: "",
    url: api,
    html_url:
      user.type === "Bot"
        ? `${urls.web}/apps/${user.login.replace(/\[bot\]$/, "")}`
        : `${urls.web}/${user.login}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: user.type,
    user_view_type: "public",
    site_admin: false,
  };
}

function repoUrls(api: string): Record<string, string> {
  const templated: Record<string, string> = {
    archive_url: "{archive_format}{/ref}",
    assignees_url: "assignees{/user}",
    blobs_url: "git/blobs{/sha}",
    branches_url: "branches{/branch}",
    collaborators_url: "collaborators{/collaborator}",
    comments_url: "comments{/number}",
    commits_url: "commits{/sha}",
    compare_url: "compare/{base}...{head}",
    contents_url: "contents/{+path}",
    git_commits_url: "git/commits{/sha}",
    git_refs_url: "git/refs{/sha}",
    git_tags_url: "git/tags{/sha}",
    issue_comment_url: "issues/comments{/number}",
    issue_events_url: "issues/events{/number}",
    issues_url: "issues{/number}",
    keys_url: "keys{/key_id}",
    labels_url: "labels{/name}",
    milestones_url: "milestones{/number}",
    notifications_url: "notifications{?since,all,participating}",
    pulls_url: "pulls{/number}",
    releases_url: "releases{/id}",
    statuses_url: "statuses/{sha}",
    trees_url: "git/trees{/sha}",
  };
  const plain = [
    "contributors",
    "deployments",
    "downloads",
    "events",
    "forks",
    "hooks",
    "languages",
    "merges",
    "stargazers",
    "subscribers",
    "subscription",
    "tags",
    "teams",
  ];
  const out: Record<string, string> = {};
  for (const [field, suffix] of Object.entries(templated)) {
    out[field] = suffix.startsWith("{") ? `${api}${suffix}` : `${api}/${suffix}`;
  }
  for (const name of plain) out[`${name}_url`] = `${api}/${name}`;
  return out;
}

/** A "Repository" (inside pull requests) or, with `full`, a "Full Repository" (`GET /repos/…`). */
export function renderRepo(repo: RepoRecord, urls: Urls, full = false): Record<string, unknown> {
  const api = `${urls.api}/repos/${repo.fullName}`;
  const web = `${urls.web}/${repo.fullName}`;
  const host = new URL(urls.web).host;
  const base: Record<string, unknown> = {
    id: repo.id,
    node_id: repo.nodeId,
    name: repo.name,
    full_name: repo.fullName,
    owner: renderUser(repo.owner, urls),
    private: repo.private,
    visibility: repo.private ? "private" : "public",
    html_url: web,
    description: null,
    fork: false,
    url: api,
    ...repoUrls(api),
    git_url: `git://${host}/${repo.fullName}.git`,
    ssh_url: `git@${host}:${repo.fullName}.git`,
    clone_url: `${web}.git`,
    svn_url: web,
    mirror_url: null,
    homepage: null,
    language: "TypeScript",
    size: 108,
    default_branch: repo.defaultBranch,
    forks: 0,
    forks_count: 0,
    stargazers_count: 0,
    watchers: 0,
    watchers_count: 0,
    open_issues: 0,
    open_issues_count: 0,
    has_issues: true,
    has_projects: true,
    has_wiki: false,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: false,
    disabled: false,
    is_template: false,
    allow_forking: true,
    web_commit_signoff_required: false,
    topics: [],
    license: null,
    created_at: repo.createdAt,
    updated_at: repo.createdAt,
    pushed_at: repo.createdAt,
  };
  if (!full) return base;
  return { ...base, network_count: 0, subscribers_count: 1, temp_clone_token: null };
}

/** `{href}` links of a `_links` object. */
export function links(entries: Record<string, string>): Record<string, { href: string }> {
  return Object.fromEntries(Object.entries(entries).map(([name, href]) => [name, { href }]));
}

/** The app as GitHub embeds it (`performed_via_github_app`, a check run's `app`). */
export function renderApp(
  app: { id: number; slug: string; owner: UserRecord; permissions: Record<string, string> },
  urls: Urls,
): Record<string, unknown> {
  return {
    id: app.id,
    slug: app.slug,
    node_id: `A_kwDO${Buffer.from(`app:${app.id}`).toString("base64url")}`,
    client_id: `Iv23li${String(app.id).padStart(10, "0")}`,
    owner: renderUser(app.owner, urls),
    name: app.slug,
    description: "Reviews pull requests",
    external_url: `${urls.web}/${app.owner.login}`,
    html_url: `${urls.web}/apps/${app.slug}`,
    created_at: "2026-01-05T10:00:00Z",
    updated_at: "2026-01-05T10:00:00Z",
    permissions: app.permissions,
    events: [
      "check_run",
      "issue_comment",
      "pull_request",
      "pull_request_review",
      "pull_request_review_comment",
    ],
  };
}
