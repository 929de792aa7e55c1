import { notFound, validationFailed } from "./errors.js";
import {
  intParam,
  paginate,
  requirePull,
  requireRepo,
  type AppInfo,
  type Handler,
  type RequestContext,
} from "./handler.js";
import { renderApp, renderUser, type Urls } from "./render-common.js";
import { authorAssociation, reactionRollup } from "./render-review.js";
import { MAX_BODY, TOO_LONG } from "./review-store.js";
import { nowIso, type FakeState, type IssueCommentRecord, type UserRecord } from "./state.js";

function checkBody(body: string): void {
  if (body.length > MAX_BODY) {
    throw validationFailed([{ resource: "IssueComment", code: "custom", field: "body", message: TOO_LONG }]);
  }
}

/** An "Issue Comment"; those the app wrote carry `performed_via_github_app` like on GitHub. */
export function renderIssueComment(state: FakeState, app: AppInfo, comment: IssueCommentRecord, urls: Urls) {
  const name = state.repos.get(comment.repoKey)?.fullName ?? comment.repoKey;
  const api = `${urls.api}/repos/${name}`;
  const url = `${api}/issues/comments/${comment.id}`;
  const reactions = state.reactions.filter(
    (r) => r.subjectType === "issue_comment" && r.subjectId === comment.id,
  );
  return {
    url,
    html_url: `${urls.web}/${name}/pull/${comment.issueNumber}#issuecomment-${comment.id}`,
    issue_url: `${api}/issues/${comment.issueNumber}`,
    id: comment.id,
    node_id: comment.nodeId,
    user: renderUser(comment.user, urls),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    author_association: authorAssociation(state, comment.repoKey, comment.user),
    body: comment.body,
    reactions: reactionRollup(reactions, `${url}/reactions`),
    performed_via_github_app: comment.user.id === app.bot.id ? renderApp(app, urls) : null,
  };
}

/** Stores a comment on a PR's conversation. */
export function addIssueComment(
  state: FakeState,
  repoKey: string,
  issueNumber: number,
  user: UserRecord,
  body: string,
): IssueCommentRecord {
  const id = state.nextId();
  const now = nowIso();
  const comment: IssueCommentRecord = {
    id,
    nodeId: state.nodeId("IC", { kind: "issue_comment", id, repoKey }),
    repoKey,
    issueNumber,
    user,
    body,
    isMinimized: false,
    minimizedReason: null,
    createdAt: now,
    updatedAt: now,
  };
  state.issueComments.push(comment);
  return comment;
}

export function requireIssueComment(ctx: RequestContext): IssueCommentRecord {
  const repo = requireRepo(ctx);
  const id = intParam(ctx, "comment_id");
  const comment = ctx.state.issueComments.find(
    (c) => c.id === id && c.repoKey === repo.fullName.toLowerCase(),
  );
  if (!comment) throw notFound();
  return comment;
}

export const issueHandlers: Record<string, Handler> = {
  "issues/create-comment": (ctx) => {
    // Only pull requests are modelled; an issue number that is not a PR is a 404 here.
    const pull = requirePull(ctx, intParam(ctx, "issue_number"));
    const body = (ctx.body as { body: string }).body;
    checkBody(body);
    const comment = addIssueComment(ctx.state, pull.repoKey, pull.number, ctx.app.bot, body);
    return { status: 201, body: renderIssueComment(ctx.state, ctx.app, comment, ctx.urls) };
  },

  "issues/list-comments": (ctx) => {
    const pull = requirePull(ctx, intParam(ctx, "issue_number"));
    const since = ctx.query["since"];
    const comments = ctx.state.issueComments.filter(
      (c) =>
        c.repoKey === pull.repoKey &&
        c.issueNumber === pull.number &&
        (typeof since !== "string" || c.updatedAt >= since),
    );
    return paginate(
      ctx,
      comments.map((c) => renderIssueComment(ctx.state, ctx.app, c, ctx.urls)),
    );
  },

  "issues/get-comment": (ctx) => ({
    status: 200,
    body: renderIssueComment(ctx.state, ctx.app, requireIssueComment(ctx), ctx.urls),
  }),

  "issues/update-comment": (ctx) => {
    const comment = requireIssueComment(ctx);
    const body = (ctx.body as { body: string }).body;
    checkBody(body);
    comment.body = body;
    comment.updatedAt = nowIso();
    return { status: 200, body: renderIssueComment(ctx.state, ctx.app, comment, ctx.urls) };
  },
};
