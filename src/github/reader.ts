import type {
  IssueComment,
  ChangedFile,
  Comparison,
  ChangedFileStatus,
  PullRequestInfo,
  PullRequestReader,
  PullRequestRef,
  RepoPermission,
  RepoRef,
  RepoTree,
} from "../review/ports.js";
import type { RestEndpointMethodTypes } from "@octokit/rest";
import type { GitHubClient } from "./client.js";
import { sameLogin } from "../review/identity.js";
import { changedPathsFromTrees } from "./changed-paths.js";
import { listTreeEntries } from "./tree.js";
import { toGitHubError, translate } from "./errors.js";

/** The most files `GET /compare/{base}...{head}` lists, however many the commits change. */
const COMPARE_MAX_FILES = 300;

const PERMISSIONS: readonly RepoPermission[] = ["admin", "maintain", "write", "triage", "read", "none"];

function label(pr: PullRequestRef): string {
  return `${pr.owner}/${pr.repo}#${pr.pullNumber}`;
}

type FileEntry = Pick<
  RestEndpointMethodTypes["pulls"]["listFiles"]["response"]["data"][number],
  "filename" | "previous_filename" | "status" | "patch" | "additions" | "deletions" | "changes"
>;

function toChangedFile(f: FileEntry): ChangedFile {
  return {
    path: f.filename,
    previousPath: f.previous_filename ?? null,
    status: f.status as ChangedFileStatus,
    patch: f.patch ?? null,
    additions: f.additions,
    deletions: f.deletions,
    changes: f.changes,
  };
}

/** Reads pull requests through an installation client. */
export class GitHubReader implements PullRequestReader {
  constructor(private readonly octokit: GitHubClient) {}

  async getPullRequest(pr: PullRequestRef): Promise<PullRequestInfo> {
    const { data } = await translate(`get ${label(pr)}`, () =>
      this.octokit.rest.pulls.get({ owner: pr.owner, repo: pr.repo, pull_number: pr.pullNumber }),
    );
    return {
      number: data.number,
      title: data.title,
      body: data.body ?? "",
      draft: data.draft ?? false,
      state: data.state === "closed" ? "closed" : "open",
      author: data.user.login,
      headSha: data.head.sha,
      headRef: data.head.ref,
      headRepoFullName: data.head.repo?.full_name ?? null,
      baseSha: data.base.sha,
      baseRef: data.base.ref,
      baseRepoFullName: data.base.repo.full_name,
      defaultBranch: data.base.repo.default_branch,
      maintainerCanModify: data.maintainer_can_modify,
      htmlUrl: data.html_url,
      changedFiles: data.changed_files,
    };
  }

  async listFiles(pr: PullRequestRef): Promise<ChangedFile[]> {
    const files = await translate(`list files of ${label(pr)}`, () =>
      this.octokit.paginate(this.octokit.rest.pulls.listFiles, {
        owner: pr.owner,
        repo: pr.repo,
        pull_number: pr.pullNumber,
        per_page: 100,
      }),
    );
    return files.map(toChangedFile);
  }

  async listCommits(pr: PullRequestRef): Promise<string[]> {
    const commits = await translate(`list the commits of ${label(pr)}`, () =>
      this.octokit.paginate(this.octokit.rest.pulls.listCommits, {
        owner: pr.owner,
        repo: pr.repo,
        pull_number: pr.pullNumber,
        per_page: 100,
      }),
    );
    return commits.map((commit) => commit.sha);
  }

  async compare(repo: RepoRef, base: string, head: string): Promise<Comparison | null> {
    try {
      const { data } = await this.octokit.rest.repos.compareCommits({
        owner: repo.owner,
        repo: repo.repo,
        base,
        head,
        per_page: 100,
      });
      // "diverged" or "behind": the reviewed commit is not in the new history (a force-push).
      if (data.status !== "ahead" && data.status !== "identical") return null;
      const files = (data.files ?? []).map(toChangedFile);
      // GitHub lists at most 300 files and has no flag for the rest: exactly 300 may be all, or not.
      return { files, complete: files.length < COMPARE_MAX_FILES };
    } catch (error) {
      const translated = toGitHubError(error, `compare ${base}...${head} in ${repo.owner}/${repo.repo}`);
      if (translated.code === "github_not_found") return null;
      throw translated;
    }
  }

  async changedPaths(repo: RepoRef, base: string, head: string): Promise<string[] | null> {
    return translate(`list the paths changed by ${base}...${head} in ${repo.owner}/${repo.repo}`, () =>
      changedPathsFromTrees(this.octokit, repo, base, head),
    );
  }

  async getFileContent(repo: RepoRef, path: string, ref: string): Promise<string | null> {
    const bytes = await this.getFileBytes(repo, path, ref);
    return bytes === null ? null : Buffer.from(bytes).toString("utf8");
  }

  async getFileBytes(repo: RepoRef, path: string, ref: string): Promise<Uint8Array | null> {
    try {
      const { data } = await this.octokit.rest.repos.getContent({
        owner: repo.owner,
        repo: repo.repo,
        path,
        ref,
      });
      if (Array.isArray(data) || data.type !== "file" || !("content" in data)) return null;
      return Buffer.from(data.content, "base64");
    } catch (error) {
      const translated = toGitHubError(error, `get ${path}@${ref} in ${repo.owner}/${repo.repo}`);
      if (translated.code === "github_not_found") return null;
      throw translated;
    }
  }

  async getBranchSha(repo: RepoRef, branch: string): Promise<string | null> {
    try {
      const { data } = await this.octokit.rest.git.getRef({
        owner: repo.owner,
        repo: repo.repo,
        ref: `heads/${branch}`,
      });
      return data.object.sha;
    } catch (error) {
      const translated = toGitHubError(error, `get branch ${branch} in ${repo.owner}/${repo.repo}`);
      if (translated.code === "github_not_found") return null;
      throw translated;
    }
  }

  async listTree(repo: RepoRef, commitSha: string): Promise<RepoTree | null> {
    try {
      const { entries, truncated } = await listTreeEntries(this.octokit, repo, commitSha);
      const paths = entries.flatMap((entry) => (entry.type === "blob" ? [entry.path] : []));
      return { paths, truncated };
    } catch (error) {
      const translated = toGitHubError(error, `list the tree of ${commitSha} in ${repo.owner}/${repo.repo}`);
      if (translated.code === "github_not_found") return null;
      throw translated;
    }
  }

  async getPermission(repo: RepoRef, username: string): Promise<RepoPermission> {
    try {
      const { data } = await this.octokit.rest.repos.getCollaboratorPermissionLevel({
        owner: repo.owner,
        repo: repo.repo,
        username,
      });
      // `permission` folds maintain into write and triage into read; `role_name` keeps them apart.
      const role = data.role_name as RepoPermission;
      return PERMISSIONS.includes(role) ? role : (data.permission as RepoPermission);
    } catch (error) {
      const translated = toGitHubError(error, `permission of ${username} on ${repo.owner}/${repo.repo}`);
      if (translated.code === "github_not_found") return "none";
      throw translated;
    }
  }

  async findReviewWithMarker(pr: PullRequestRef, marker: string, author: string): Promise<number | null> {
    const reviews = await translate(`list reviews of ${label(pr)}`, () =>
      this.octokit.paginate(this.octokit.rest.pulls.listReviews, {
        owner: pr.owner,
        repo: pr.repo,
        pull_number: pr.pullNumber,
        per_page: 100,
      }),
    );
    const found = reviews.find(
      (review) => sameLogin(review.user?.login ?? null, author) && (review.body ?? "").includes(marker),
    );
    return found ? found.id : null;
  }

  async listIssueComments(pr: PullRequestRef, max: number): Promise<IssueComment[]> {
    // The newest page is what matters for a question; GitHub lists oldest first, so read the last.
    const first = await translate(`list comments of ${label(pr)}`, () =>
      this.octokit.rest.issues.listComments({
        owner: pr.owner,
        repo: pr.repo,
        issue_number: pr.pullNumber,
        per_page: 100,
      }),
    );
    const lastPage = /[?&]page=(\d+)>; rel="last"/.exec(String(first.headers.link ?? ""))?.[1];
    const page = lastPage
      ? (
          await translate(`list comments of ${label(pr)}`, () =>
            this.octokit.rest.issues.listComments({
              owner: pr.owner,
              repo: pr.repo,
              issue_number: pr.pullNumber,
              per_page: 100,
              page: Number(lastPage),
            }),
          )
        ).data
      : first.data;
    return page.slice(-max).map((c) => ({
      id: c.id,
      author: c.user?.login ?? null,
      body: c.body ?? "",
      createdAt: c.created_at,
    }));
  }
}
