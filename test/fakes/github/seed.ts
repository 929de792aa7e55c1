import { buildHeadTree, diffTrees, fileRecords } from "./pull-files.js";
import type { GitPerson } from "./object-store.js";
import { refreshOutdated } from "./threads.js";
import { nowIso, repoKey, type FakeState, type PullRecord, type RepoRecord, type RepoRole } from "./state.js";
import type { InstallationInput, PullRequestInput, PushInput, RepoInput } from "./types.js";

/** What an installation may do when a test does not say: what this bot's app.yml asks for. */
export const DEFAULT_PERMISSIONS: Record<string, string> = {
  contents: "write",
  pull_requests: "write",
  issues: "write",
  checks: "write",
  metadata: "read",
};

const SEED_PERSON: GitPerson = {
  name: "Octo Cat",
  email: "octocat@example.com",
  date: "2026-01-05T10:00:00Z",
};

export function addInstallation(state: FakeState, input: InstallationInput): void {
  state.installations.set(input.id, {
    id: input.id,
    account: state.user(input.account),
    repositories: new Set(input.repositories.map((name) => name.toLowerCase())),
    permissions: { ...(input.permissions ?? DEFAULT_PERMISSIONS) },
  });
}

/** The repository, created with defaults when a test did not add it first. */
export function ensureRepo(
  state: FakeState,
  owner: string,
  repo: string,
  defaultBranch = "main",
): RepoRecord {
  const known = state.repo(owner, repo);
  if (known) return known;
  const id = state.nextId();
  const record: RepoRecord = {
    id,
    nodeId: state.nodeId("R", { kind: "repo", id }),
    owner: state.user(owner),
    name: repo,
    fullName: `${owner}/${repo}`,
    defaultBranch,
    private: false,
    refs: new Map(),
    roles: new Map([[owner.toLowerCase(), "admin"]]),
    createdAt: "2026-01-05T10:00:00Z",
  };
  state.repos.set(repoKey(owner, repo), record);
  return record;
}

/** Stores a commit holding `contents` under `sha` (or its real id), returning that id. */
function seedCommit(state: FakeState, tree: string, parents: string[], message: string, sha?: string) {
  return state.objects.putCommit(
    { tree, parents, message, author: SEED_PERSON, committer: SEED_PERSON },
    sha,
  );
}

export function addRepo(state: FakeState, input: RepoInput): RepoRecord {
  const repo = ensureRepo(state, input.owner, input.repo, input.defaultBranch ?? "main");
  repo.defaultBranch = input.defaultBranch ?? repo.defaultBranch;
  repo.private = input.private ?? repo.private;
  for (const [key, contents] of Object.entries(input.files ?? {})) {
    const tree = state.objects.treeFromContents(contents);
    if (/^[0-9a-f]{40}$/.test(key)) {
      seedCommit(state, tree, [], "Seed commit", key);
      continue;
    }
    const parent = repo.refs.get(`refs/heads/${key}`);
    const sha = seedCommit(state, tree, parent ? [parent] : [], `Seed ${key}`);
    repo.refs.set(`refs/heads/${key}`, sha);
  }
  if (!repo.refs.has(`refs/heads/${repo.defaultBranch}`)) {
    repo.refs.set(
      `refs/heads/${repo.defaultBranch}`,
      seedCommit(state, state.objects.treeFromContents({}), [], "Initial commit"),
    );
  }
  return repo;
}

export function setPermission(state: FakeState, owner: string, repo: string, login: string, role: RepoRole) {
  ensureRepo(state, owner, repo).roles.set(login.toLowerCase(), role);
  state.user(login);
}

function baseTreeOf(state: FakeState, input: PullRequestInput): string {
  const existing = state.objects.commit(input.base.sha);
  if (existing) return existing.tree;
  const tree = state.objects.treeFromContents(input.baseContents ?? {});
  seedCommit(state, tree, [], "Base commit", input.base.sha);
  return tree;
}

export function addPullRequest(state: FakeState, input: PullRequestInput): PullRecord {
  const base = ensureRepo(state, input.owner, input.repo);
  const headFullName = input.head.repoFullName ?? base.fullName;
  const [headOwner = input.owner, headName = input.repo] = headFullName.split("/");
  const headRepo = ensureRepo(state, headOwner, headName);
  const baseTree = baseTreeOf(state, input);
  if (!base.refs.has(`refs/heads/${input.base.ref}`))
    base.refs.set(`refs/heads/${input.base.ref}`, input.base.sha);
  const headTree = buildHeadTree(state.objects, baseTree, input.files, input.headContents ?? {});
  seedCommit(state, headTree, [input.base.sha], input.title ?? "Change", input.head.sha);
  headRepo.refs.set(`refs/heads/${input.head.ref}`, input.head.sha);
  const files = input.files
    ? fileRecords(state.objects, input.files, baseTree, headTree)
    : diffTrees(state.objects, baseTree, headTree);
  const id = state.nextId();
  const key = repoKey(input.owner, input.repo);
  const isFork = headFullName.toLowerCase() !== key;
  const record: PullRecord = {
    repoKey: key,
    number: input.number,
    id,
    nodeId: state.nodeId("PR", { kind: "pull", id, repoKey: key }),
    title: input.title ?? "Update code",
    body: input.body === undefined ? "" : input.body,
    draft: input.draft ?? false,
    state: input.state ?? "open",
    merged: false,
    user: state.user(input.user ?? "octocat"),
    head: { sha: input.head.sha, ref: input.head.ref, repoFullName: headRepo.fullName },
    base: { ...input.base },
    maintainerCanModify: isFork ? (input.maintainerCanModify ?? true) : false,
    files,
    filesAt: new Map([[input.head.sha, files]]),
    createdAt: nowIso(),
    updatedAt: nowIso(),
  };
  state.pulls.set(`${key}#${input.number}`, record);
  return record;
}

/** Moves a PR's head to `sha` (already stored) and recomputes its files from the trees. */
export function moveHead(state: FakeState, pull: PullRecord, sha: string): void {
  const baseTree = state.objects.commit(pull.base.sha)?.tree;
  const headTree = state.objects.commit(sha)?.tree;
  if (!baseTree || !headTree) throw new Error(`fake GitHub: unknown commit ${sha}`);
  const files = diffTrees(state.objects, baseTree, headTree);
  setHead(state, pull, sha, files);
}

function setHead(state: FakeState, pull: PullRecord, sha: string, files: PullRecord["files"]): void {
  pull.head = { ...pull.head, sha };
  pull.files = files;
  pull.filesAt.set(sha, files);
  pull.updatedAt = nowIso();
  refreshOutdated(state, pull);
}

export function pushHead(state: FakeState, pull: PullRecord, input: PushInput): void {
  const baseTree = state.objects.commit(pull.base.sha)?.tree as string;
  const previousTree = state.objects.commit(pull.head.sha)?.tree;
  // Without a file list the push only changes `headContents`, on top of the previous head.
  const headTree = input.files
    ? buildHeadTree(state.objects, baseTree, input.files, input.headContents ?? {}, previousTree)
    : buildHeadTree(state.objects, previousTree ?? baseTree, undefined, input.headContents ?? {});
  // A force-push rewrites history: its commit need not descend from the previous head.
  seedCommit(state, headTree, [input.parent ?? pull.head.sha], "Push", input.sha);
  const [owner = "", name = ""] = pull.head.repoFullName.split("/");
  ensureRepo(state, owner, name).refs.set(`refs/heads/${pull.head.ref}`, input.sha);
  const files = input.files
    ? fileRecords(state.objects, input.files, baseTree, headTree)
    : diffTrees(state.objects, baseTree, headTree);
  setHead(state, pull, input.sha, files);
}
