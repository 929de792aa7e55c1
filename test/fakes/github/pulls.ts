import { notFound } from "./errors.js";
import { paginate, requirePull, requireRepo, type Handler, type RequestContext } from "./handler.js";
import { diffTrees } from "./pull-files.js";
import { mergeBase, resolveRef } from "./refs.js";
import {
  commitRange,
  pullCommitShas,
  renderCommit,
  renderFile,
  renderPull,
  renderPullSimple,
} from "./render-pull.js";
import type { PullFileRecord, PullRecord } from "./state.js";

/* GitHub stops listing a pull request's files at 3000, however many pages are asked for. */
const MAX_LISTED_FILES = 3000;
/* A compare lists at most 300 files (on its first page only), and nothing says it stopped. */
const MAX_COMPARED_FILES = 300;

function wantsDiff(ctx: RequestContext): boolean {
  return /application\/vnd\.github(\.v3)?\.diff/.test(ctx.headers["accept"] ?? "");
}

function gitDiff(files: PullFileRecord[]): string {
  return files
    .map((f) => {
      const from = f.previousPath ?? f.path;
      const header = `diff --git a/${from} b/${f.path}\n--- ${f.status === "added" ? "/dev/null" : `a/${from}`}\n+++ ${f.status === "removed" ? "/dev/null" : `b/${f.path}`}\n`;
      return f.patch === undefined
        ? `diff --git a/${from} b/${f.path}\nBinary files differ\n`
        : `${header}${f.patch}\n`;
    })
    .join("");
}

function commitsOf(ctx: RequestContext, fullName: string, shas: string[]) {
  return shas.flatMap((sha) => {
    const commit = ctx.state.objects.commit(sha);
    return commit ? [renderCommit(fullName, sha, commit, ctx.urls)] : [];
  });
}

function filesForComparison(
  ctx: RequestContext,
  repoKey: string,
  base: string,
  head: string,
): PullFileRecord[] {
  // A test's hand-written patches win over recomputed ones when the range is exactly a PR's.
  const pull = [...ctx.state.pulls.values()].find(
    (p: PullRecord) => p.repoKey === repoKey && p.base.sha === base && p.filesAt.has(head),
  );
  if (pull) return pull.filesAt.get(head) ?? [];
  const baseTree = ctx.state.objects.commit(base)?.tree;
  const headTree = ctx.state.objects.commit(head)?.tree;
  return baseTree && headTree ? diffTrees(ctx.state.objects, baseTree, headTree) : [];
}

/** In a compare, `owner:branch` names a branch of a fork. */
function resolveCompareSide(ctx: RequestContext, side: string): string | undefined {
  const repo = requireRepo(ctx);
  const colon = side.indexOf(":");
  if (colon < 0) return resolveRef(ctx.state, repo, side);
  const owner = side.slice(0, colon);
  const fork = [...ctx.state.repos.values()].find(
    (r) =>
      r.owner.login.toLowerCase() === owner.toLowerCase() && r.name.toLowerCase() === repo.name.toLowerCase(),
  );
  return fork ? resolveRef(ctx.state, fork, side.slice(colon + 1)) : undefined;
}

/**
 * `head` is `owner:branch` (the head repository's owner, so a fork's PRs are told apart from the
 * base's); without an owner GitHub reads the branch as the base repository owner's *(inferred)*.
 */
function matchesHead(ctx: RequestContext, pull: PullRecord, head: string): boolean {
  const colon = head.indexOf(":");
  const owner = colon < 0 ? requireRepo(ctx).owner.login : head.slice(0, colon);
  const ref = colon < 0 ? head : head.slice(colon + 1);
  const headOwner = pull.head.repoFullName.split("/")[0] ?? "";
  return headOwner.toLowerCase() === owner.toLowerCase() && pull.head.ref === ref;
}

/** GitHub's `pulls/list`: this repository's PRs, filtered by state, head and base, newest first. */
function listPulls(ctx: RequestContext): PullRecord[] {
  const repoKey = requireRepo(ctx).fullName.toLowerCase();
  const state = typeof ctx.query["state"] === "string" ? ctx.query["state"] : "open";
  const head = typeof ctx.query["head"] === "string" ? ctx.query["head"] : null;
  const base = typeof ctx.query["base"] === "string" ? ctx.query["base"] : null;
  const sort = ctx.query["sort"] === "updated" ? "updatedAt" : "createdAt";
  // GitHub: descending by default when sorting by creation, ascending otherwise.
  const direction =
    ctx.query["direction"] ?? (ctx.query["sort"] === undefined || sort === "createdAt" ? "desc" : "asc");
  const pulls = [...ctx.state.pulls.values()].filter(
    (p) =>
      p.repoKey === repoKey &&
      (state === "all" || p.state === state) &&
      (head === null || matchesHead(ctx, p, head)) &&
      (base === null || p.base.ref === base),
  );
  const order = direction === "asc" ? 1 : -1;
  return pulls.sort((a, b) => order * (a[sort].localeCompare(b[sort]) || a.number - b.number));
}

export const pullHandlers: Record<string, Handler> = {
  "pulls/list": (ctx) =>
    paginate(
      ctx,
      listPulls(ctx).map((pull) => renderPullSimple(ctx.state, pull, ctx.urls)),
    ),

  "pulls/get": (ctx) => {
    const pull = requirePull(ctx);
    if (wantsDiff(ctx)) return { status: 200, text: gitDiff(pull.files) };
    return { status: 200, body: renderPull(ctx.state, pull, ctx.urls) };
  },

  "pulls/list-files": (ctx) => {
    const pull = requirePull(ctx);
    const fullName = requireRepo(ctx).fullName;
    const files = pull.files
      .slice(0, MAX_LISTED_FILES)
      .map((f) => renderFile(fullName, pull.head.sha, f, ctx.urls));
    return paginate(ctx, files);
  },

  "pulls/list-commits": (ctx) => {
    const pull = requirePull(ctx);
    return paginate(ctx, commitsOf(ctx, pull.head.repoFullName, pullCommitShas(ctx.state, pull)));
  },

  "repos/compare-commits": (ctx) => {
    const repo = requireRepo(ctx);
    const base = resolveCompareSide(ctx, ctx.params["base"] ?? "");
    const head = resolveCompareSide(ctx, ctx.params["head"] ?? "");
    if (!base || !head) throw notFound();
    const mb = mergeBase(ctx.state, base, head);
    if (!mb) throw notFound();
    const ahead = commitRange(ctx.state, mb, head);
    const behind = commitRange(ctx.state, mb, base);
    const status =
      base === head
        ? "identical"
        : behind.length === 0
          ? "ahead"
          : ahead.length === 0
            ? "behind"
            : "diverged";
    const page = paginate(ctx, commitsOf(ctx, repo.fullName, ahead), 250);
    const firstPage = ctx.query["page"] === undefined || ctx.query["page"] === 1;
    const files = filesForComparison(ctx, repo.fullName.toLowerCase(), mb, head);
    const baseCommit = commitsOf(ctx, repo.fullName, [base])[0];
    const mbCommit = commitsOf(ctx, repo.fullName, [mb])[0];
    const web = `${ctx.urls.web}/${repo.fullName}/compare/${ctx.params["base"]}...${ctx.params["head"]}`;
    return {
      ...page,
      body: {
        url: `${ctx.urls.api}/repos/${repo.fullName}/compare/${ctx.params["base"]}...${ctx.params["head"]}`,
        html_url: web,
        permalink_url: `${ctx.urls.web}/${repo.fullName}/compare/${base}...${head}`,
        diff_url: `${web}.diff`,
        patch_url: `${web}.patch`,
        base_commit: baseCommit,
        merge_base_commit: mbCommit,
        status,
        ahead_by: ahead.length,
        behind_by: behind.length,
        total_commits: ahead.length,
        commits: page.body,
        files: (firstPage ? files.slice(0, MAX_COMPARED_FILES) : []).map((f) =>
          renderFile(repo.fullName, head, f, ctx.urls),
        ),
      },
    };
  },
};
