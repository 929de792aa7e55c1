import { GitError } from "./errors.js";
import { gitText, runGit } from "./run.js";

/** What the review looks at as its head: a commit, the staged index, or the files on disk. */
export type LocalHead = { kind: "commit"; sha: string } | { kind: "index" } | { kind: "worktree" };

/** What the user asked for on the command line. */
export type RangeSpec =
  { kind: "default" } | { kind: "range"; text: string } | { kind: "staged" } | { kind: "worktree" };

/** A range resolved to commits: every later read names these, never the user's words again. */
export interface LocalRange {
  /** The repository's top-level directory. */
  root: string;
  baseSha: string;
  head: LocalHead;
  /** How the base was named (`main`, `merge base of origin/main and HEAD`), for people. */
  baseName: string;
  /** How the head was named (a branch, a commit, "working tree"), for people and the prompt. */
  headName: string;
}

/** The top-level directory of the repository `cwd` is in. */
export async function findRoot(cwd: string): Promise<string> {
  try {
    return await gitText(cwd, ["rev-parse", "--show-toplevel"]);
  } catch (error) {
    if (error instanceof GitError && error.code === "git_failed") {
      throw new GitError("not_a_repository", `${cwd} is not inside a git repository (or its work tree)`, {
        cause: error,
      });
    }
    throw error;
  }
}

/** The full SHA of the commit `ref` names. */
export async function resolveCommit(root: string, ref: string): Promise<string> {
  const { stdout, exitCode } = await runGit(
    root,
    ["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`],
    { okExitCodes: [1, 128] },
  );
  const sha = stdout.toString("utf8").trim();
  if (exitCode !== 0 || !/^[0-9a-f]{40,64}$/.test(sha)) {
    const hint = ref === "HEAD" ? " (the repository has no commits yet)" : "";
    throw new GitError("unknown_ref", `unknown revision "${ref}"${hint}`);
  }
  return sha;
}

async function mergeBase(root: string, a: string, b: string, names: [string, string]): Promise<string> {
  const { stdout, exitCode } = await runGit(root, ["merge-base", a, b], { okExitCodes: [1] });
  if (exitCode !== 0)
    throw new GitError("unknown_ref", `${names[0]} and ${names[1]} have no common ancestor`);
  return stdout.toString("utf8").trim();
}

async function exists(root: string, ref: string): Promise<boolean> {
  const { exitCode } = await runGit(root, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], {
    okExitCodes: [1, 128],
  });
  return exitCode === 0;
}

/** The branch a pull request would target: the remote's HEAD, else a local or remote main/master. */
export async function defaultBranch(root: string): Promise<string> {
  const { stdout, exitCode } = await runGit(root, ["symbolic-ref", "--quiet", "refs/remotes/origin/HEAD"], {
    okExitCodes: [1, 128],
  });
  const remoteHead = stdout
    .toString("utf8")
    .trim()
    .replace(/^refs\/remotes\//, "");
  if (exitCode === 0 && remoteHead !== "") return remoteHead;
  for (const name of ["main", "master", "origin/main", "origin/master"]) {
    if (await exists(root, name)) return name;
  }
  throw new GitError(
    "unknown_ref",
    "cannot tell the default branch (no origin/HEAD, main or master); name a range such as main...HEAD",
  );
}

async function currentBranch(root: string): Promise<string> {
  const { stdout, exitCode } = await runGit(root, ["symbolic-ref", "--quiet", "--short", "HEAD"], {
    okExitCodes: [1, 128],
  });
  return exitCode === 0 ? stdout.toString("utf8").trim() : "HEAD";
}

async function resolveTwoDots(root: string, text: string, symmetric: boolean): Promise<LocalRange> {
  const [left, right] = text.split(symmetric ? "..." : "..") as [string, string];
  const baseRef = left === "" ? "HEAD" : left;
  const headRef = right === "" ? "HEAD" : right;
  const [base, head] = await Promise.all([resolveCommit(root, baseRef), resolveCommit(root, headRef)]);
  return {
    root,
    baseSha: symmetric ? await mergeBase(root, base, head, [baseRef, headRef]) : base,
    head: { kind: "commit", sha: head },
    baseName: symmetric ? `merge base of ${baseRef} and ${headRef}` : baseRef,
    headName: headRef,
  };
}

/**
 * Turns the command line's range into commits. `A...B` reviews B against its merge base with A
 * (what a pull request of B into A shows), `A..B` B against A itself; `--staged` the index and
 * `--worktree` the files on disk against HEAD; with nothing, the files on disk against the merge
 * base of HEAD with the default branch — what a pull request of this branch would show, plus the
 * edits not committed yet.
 */
export async function resolveRange(root: string, spec: RangeSpec): Promise<LocalRange> {
  if (spec.kind === "range") {
    if (spec.text.includes("...")) return resolveTwoDots(root, spec.text, true);
    if (spec.text.includes("..")) return resolveTwoDots(root, spec.text, false);
    const base = await resolveCommit(root, spec.text);
    return { root, baseSha: base, head: { kind: "worktree" }, baseName: spec.text, headName: "working tree" };
  }
  const head = await resolveCommit(root, "HEAD");
  const branch = await currentBranch(root);
  if (spec.kind === "staged") {
    return {
      root,
      baseSha: head,
      head: { kind: "index" },
      baseName: "HEAD",
      headName: `staged changes on ${branch}`,
    };
  }
  if (spec.kind === "worktree") {
    return {
      root,
      baseSha: head,
      head: { kind: "worktree" },
      baseName: "HEAD",
      headName: `working tree of ${branch}`,
    };
  }
  const target = await defaultBranch(root);
  const base = await mergeBase(root, await resolveCommit(root, target), head, [target, "HEAD"]);
  return {
    root,
    baseSha: base,
    head: { kind: "worktree" },
    baseName: `merge base of ${target} and ${branch}`,
    headName: `working tree of ${branch}`,
  };
}
