import { readFile, realpath } from "node:fs/promises";
import { isAbsolute, join, relative, sep } from "node:path";
import type {
  ChangedFile,
  Comparison,
  IssueComment,
  PullRequestInfo,
  PullRequestReader,
  RepoPermission,
  RepoRef,
  RepoTree,
} from "../review/ports.js";
import type { LocalHead, LocalRange } from "./range.js";
import { runGit } from "./run.js";

/**
 * Refs that name no commit: the index and the files on disk. Neither can be a git ref (parentheses
 * and spaces), so a commit can never be mistaken for them.
 */
export const INDEX_REF = "(index)";
export const WORKTREE_REF = "(working tree)";

/** The ref the pipeline reads head files at, for a local head. */
export function headRefOf(head: LocalHead): string {
  if (head.kind === "commit") return head.sha;
  return head.kind === "index" ? INDEX_REF : WORKTREE_REF;
}

/** A path as git lists it, with nothing that could leave the repository. */
function safePath(path: string): boolean {
  return path !== "" && !isAbsolute(path) && !path.split(/[\\/]/).includes("..");
}

/**
 * The review's reading port over a local repository, through `git` itself: the range's files, file
 * texts at the base (config, guidelines) and at the head (suggestion checks) — a commit, the index
 * or the files on disk. There is nobody to authorize and no earlier review to find.
 */
export class LocalGitReader implements PullRequestReader {
  constructor(
    private readonly range: LocalRange,
    private readonly info: PullRequestInfo,
    private readonly files: readonly ChangedFile[],
  ) {}

  async getPullRequest(): Promise<PullRequestInfo> {
    return this.info;
  }

  async listFiles(): Promise<ChangedFile[]> {
    return [...this.files];
  }

  async getFileContent(repo: RepoRef, path: string, ref: string): Promise<string | null> {
    const bytes = await this.getFileBytes(repo, path, ref);
    return bytes === null ? null : Buffer.from(bytes).toString("utf8");
  }

  async getFileBytes(_repo: RepoRef, path: string, ref: string): Promise<Uint8Array | null> {
    if (!safePath(path)) return null;
    if (ref === WORKTREE_REF) return this.readWorktree(path);
    const spec = ref === INDEX_REF ? `:${path}` : `${ref}:${path}`;
    // 128: no such path at that ref (or a directory), which the port answers with null.
    const { stdout, exitCode } = await runGit(this.range.root, ["cat-file", "blob", spec], {
      okExitCodes: [128],
    });
    return exitCode === 0 ? stdout : null;
  }

  async getBranchSha(_repo: RepoRef, branch: string): Promise<string | null> {
    // 1: no such branch (`--quiet` keeps git from printing why).
    const { stdout, exitCode } = await runGit(
      this.range.root,
      ["rev-parse", "--verify", "--quiet", `refs/heads/${branch}^{commit}`],
      { okExitCodes: [1] },
    );
    return exitCode === 0 ? stdout.toString("utf8").trim() : null;
  }

  async listTree(_repo: RepoRef, commitSha: string): Promise<RepoTree | null> {
    // The index and the files on disk are no commit: there is no listing to keep for them.
    if (commitSha === INDEX_REF || commitSha === WORKTREE_REF) return null;
    const { stdout, exitCode } = await runGit(
      this.range.root,
      ["ls-tree", "-r", "-z", "--name-only", `${commitSha}^{tree}`],
      { okExitCodes: [128] },
    );
    if (exitCode !== 0) return null;
    const paths = stdout
      .toString("utf8")
      .split("\0")
      .filter((path) => path !== "");
    return { paths, truncated: false };
  }

  async getPermission(): Promise<RepoPermission> {
    return "admin";
  }

  async findReviewWithMarker(): Promise<number | null> {
    return null;
  }

  async compare(): Promise<Comparison | null> {
    return null;
  }

  /** A local range lists every file: nothing is beyond a listing. */
  async changedPaths(): Promise<string[] | null> {
    return null;
  }

  /** A local range has no pull request commits; range reviews are a webhook feature. */
  async listCommits(): Promise<string[]> {
    return [];
  }

  async listIssueComments(): Promise<IssueComment[]> {
    return [];
  }

  private async readWorktree(path: string): Promise<Uint8Array | null> {
    try {
      const root = await realpath(this.range.root);
      const real = await realpath(join(root, path));
      // A symbolic link out of the repository is not part of the change.
      const inside = relative(root, real);
      if (inside === "" || inside.startsWith(`..${sep}`) || isAbsolute(inside)) return null;
      return await readFile(real);
    } catch {
      return null;
    }
  }
}

/** What the prompt says about the change: its commits' subjects stand in for a PR description. */
export async function describeRange(range: LocalRange, owner: string): Promise<PullRequestInfo> {
  const tip = range.head.kind === "commit" ? range.head.sha : "HEAD";
  const log = await runGit(range.root, ["log", "--format=%s", "-n", "50", `${range.baseSha}..${tip}`]);
  const subjects = log.stdout.toString("utf8").trim();
  const headSha = headRefOf(range.head);
  return {
    number: 0,
    title: `Local review: ${range.headName}`,
    body: subjects === "" ? "" : `Commits:\n${subjects}`,
    draft: false,
    state: "open",
    author: owner,
    headSha,
    headRef: range.headName,
    headRepoFullName: null,
    baseSha: range.baseSha,
    baseRef: range.baseSha,
    baseRepoFullName: "local",
    // Config and guidelines are read at the base commit, as the app reads them from the base branch.
    defaultBranch: range.baseSha,
    maintainerCanModify: false,
  };
}
