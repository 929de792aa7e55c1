import { BotError, GitHubError, StaleHeadError } from "../errors.js";
import { ApplyRefusedError } from "../review/apply/errors.js";
import { pushTarget } from "../review/apply/target.js";
import type { HeadCommit, SuggestionCommitter } from "../review/ports-commits.js";
import type { PullRequestInfo, RepoRef } from "../review/ports.js";
import type { GitHubClient } from "./client.js";
import { fileModes } from "./commit-modes.js";
import { toGitHubError } from "./errors.js";

function refusal(error: GitHubError, what: string): GitHubError | ApplyRefusedError {
  // A 403 without retry-after is a permission GitHub says the installation lacks; the rate-limit
  // 403s carry a wait and were already classified as `github_rate_limited`.
  if (error.code === "github_forbidden") {
    return new ApplyRefusedError(
      "missing_contents_write",
      `the app may not write to the repository (${what}): it needs the contents: write permission`,
      { cause: error },
    );
  }
  return error;
}

/**
 * Commits to a pull request's head branch through the Git data API: one commit whose parent is the
 * head we read and whose tree is the head's with the given files replaced. The branch only moves by
 * fast-forward, so a push that lands while we work is never overwritten.
 */
export class GitHubCommitter implements SuggestionCommitter {
  constructor(private readonly octokit: GitHubClient) {}

  async commitToHead(pr: PullRequestInfo, commit: HeadCommit): Promise<{ sha: string }> {
    if (commit.files.length === 0) throw new BotError("internal", "commitToHead called without files");
    const found = pushTarget(pr);
    if (!found.ok) {
      throw new ApplyRefusedError(found.reason, `cannot push to the head of #${pr.number}: ${found.reason}`);
    }
    const { repo, branch } = found.target;
    const ref = `heads/${branch}`;
    const where = `${repo.owner}/${repo.repo}@${branch}`;

    const before = await this.readRef(repo, ref, where);
    if (before !== pr.headSha) {
      throw new StaleHeadError(
        { reason: "superseded", newerHeadSha: before },
        `${where} moved away from ${pr.headSha} before the commit was written`,
      );
    }
    const sha = await this.call(`write commit to ${where}`, async () => {
      const git = this.octokit.rest.git;
      const base = { owner: repo.owner, repo: repo.repo };
      const head = await git.getCommit({ ...base, commit_sha: pr.headSha });
      const paths = commit.files.map((f) => f.path);
      const modes = await fileModes(this.octokit, repo, head.data.tree.sha, paths);
      const tree = [];
      // One at a time: GitHub's secondary limits count content-creating requests per minute.
      for (const file of commit.files) {
        const blob = await git.createBlob({
          ...base,
          // Base64, so that GitHub stores the bytes as they are, whatever their encoding.
          content: Buffer.from(file.bytes).toString("base64"),
          encoding: "base64",
        });
        const mode = modes.get(file.path) ?? "100644";
        tree.push({ path: file.path, mode, type: "blob" as const, sha: blob.data.sha });
      }
      const created = await git.createTree({ ...base, base_tree: head.data.tree.sha, tree });
      const made = await git.createCommit({
        ...base,
        message: commit.message,
        tree: created.data.sha,
        parents: [pr.headSha],
      });
      return made.data.sha;
    });
    await this.fastForward(repo, ref, sha, pr.headSha, where);
    return { sha };
  }

  private async readRef(repo: RepoRef, ref: string, where: string): Promise<string> {
    try {
      const { data } = await this.octokit.rest.git.getRef({ owner: repo.owner, repo: repo.repo, ref });
      return data.object.sha;
    } catch (error) {
      const translated = toGitHubError(error, `read ${where}`);
      if (translated.code === "github_not_found") {
        throw new ApplyRefusedError("head_branch_missing", `${where} does not exist`, { cause: translated });
      }
      throw refusal(translated, `read ${where}`);
    }
  }

  /**
   * Moves the branch to the new commit without force. GitHub answers 422 when that is not a
   * fast-forward; rather than read its message, the ref is read again: if it moved, the head is
   * stale; otherwise the 422 was something else (a protected branch, say) and is passed on.
   */
  private async fastForward(repo: RepoRef, ref: string, sha: string, expected: string, where: string) {
    try {
      await this.octokit.rest.git.updateRef({ owner: repo.owner, repo: repo.repo, ref, sha, force: false });
    } catch (error) {
      const translated = refusal(toGitHubError(error, `update ${where}`), `update ${where}`);
      if (translated instanceof GitHubError && translated.code === "github_unprocessable") {
        const now = await this.readRef(repo, ref, where);
        if (now !== expected) {
          throw new StaleHeadError(
            { reason: "superseded", newerHeadSha: now },
            `${where} moved from ${expected} to ${now} while the commit was being written`,
          );
        }
      }
      throw translated;
    }
  }

  private async call<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw refusal(toGitHubError(error, what), what);
    }
  }
}
