import { conflict, invalidRequest, notFound } from "./errors.js";
import { advanceBranch } from "./git-data.js";
import { botPerson, renderGitCommit } from "./git-render.js";
import { bodyAs, requireRepo, type Handler } from "./handler.js";
import type { GitPerson } from "./object-store.js";

interface PutContentsBody {
  message: string;
  content: string;
  sha?: string;
  branch?: string;
  committer?: { name: string; email: string; date?: string };
  author?: { name: string; email: string; date?: string };
}

function person(input: PutContentsBody["author"], fallback: GitPerson): GitPerson {
  return input ? { name: input.name, email: input.email, date: input.date ?? fallback.date } : fallback;
}

export const contentsWriteHandlers: Record<string, Handler> = {
  /* One commit per file on the branch; `sha` must name the blob being replaced, as on GitHub. */
  "repos/create-or-update-file-contents": (ctx) => {
    const repo = requireRepo(ctx);
    const body = bodyAs<PutContentsBody>(ctx);
    const path = ctx.params["path"] ?? "";
    const ref = `refs/heads/${body.branch ?? repo.defaultBranch}`;
    const parent = repo.refs.get(ref);
    const parentCommit = parent ? ctx.state.objects.commit(parent) : undefined;
    if (!parent || !parentCommit) throw notFound();
    const files = ctx.state.objects.flatten(parentCommit.tree);
    const existing = files.get(path);
    if (existing && body.sha === undefined) throw invalidRequest([`"sha" wasn't supplied.`]);
    if (existing && body.sha !== existing.sha) throw conflict(`${path} does not match ${body.sha ?? ""}`);
    const blob = ctx.state.objects.putBlob(Buffer.from(body.content, "base64"));
    files.set(path, { mode: existing?.mode ?? "100644", type: "blob", sha: blob });
    const tree = ctx.state.objects.buildTree(files);
    const fallback = botPerson(ctx.app);
    const author = person(body.author, fallback);
    const commitObject = {
      tree,
      parents: [parent],
      message: body.message,
      author,
      committer: person(body.committer, author),
    };
    const sha = ctx.state.objects.putCommit(commitObject);
    advanceBranch(ctx.state, repo, ref, sha);
    const api = `${ctx.urls.api}/repos/${repo.fullName}`;
    const encoded = path.split("/").map(encodeURIComponent).join("/");
    const branch = body.branch ?? repo.defaultBranch;
    const html = `${ctx.urls.web}/${repo.fullName}/blob/${branch}/${encoded}`;
    const git = `${api}/git/blobs/${blob}`;
    const self = `${api}/contents/${encoded}?ref=${branch}`;
    return {
      status: existing ? 200 : 201,
      body: {
        content: {
          name: path.split("/").pop() ?? path,
          path,
          sha: blob,
          size: ctx.state.objects.blob(blob)?.length ?? 0,
          url: self,
          html_url: html,
          git_url: git,
          download_url: `${ctx.urls.web}/${repo.fullName}/raw/${branch}/${encoded}`,
          type: "file",
          _links: { self, git, html },
        },
        commit: renderGitCommit(repo.fullName, sha, commitObject, ctx.urls),
      },
    };
  },
};
