import { asViolation, notFound, validationFailed, type ValidationErrorEntry } from "./errors.js";
import {
  bodyAs,
  intParam,
  paginate,
  requirePull,
  requireRepo,
  type Handler,
  type RequestContext,
} from "./handler.js";
import { COMMENT_ERROR, resolveLocation, type CommentLocation } from "./line-check.js";
import { renderReviewComment } from "./render-review.js";
import { createReply, createReview, createThreadComment, MAX_BODY, TOO_LONG } from "./review-store.js";
import { nowIso, type PullRecord, type ReviewCommentRecord } from "./state.js";
import { visibleComments } from "./threads.js";

const RESOURCE = "PullRequestReviewComment";

function tooLong(): ValidationErrorEntry {
  return { resource: RESOURCE, code: "custom", field: "body", message: TOO_LONG };
}

function requireComment(ctx: RequestContext, pull?: PullRecord): ReviewCommentRecord {
  const repo = requireRepo(ctx);
  const id = intParam(ctx, "comment_id");
  const comment = ctx.state.reviewComments.find(
    (c) => c.id === id && c.repoKey === repo.fullName.toLowerCase(),
  );
  if (!comment || (pull && comment.pullNumber !== pull.number)) throw notFound();
  return comment;
}

/* A reply is a review of its own on GitHub: a COMMENTED review holding just that comment. */
function reply(ctx: RequestContext, pull: PullRecord, parent: ReviewCommentRecord, body: string) {
  if (body.length > MAX_BODY) throw validationFailed([tooLong()]);
  const review = createReview(ctx.state, pull, ctx.app.bot, {
    body: "",
    state: "COMMENTED",
    commitId: pull.head.sha,
  });
  const created = createReply(ctx.state, review, parent, body);
  return { status: 201, body: renderReviewComment(ctx.state, created, ctx.urls) };
}

function createSingle(ctx: RequestContext) {
  const pull = requirePull(ctx);
  const request = bodyAs<CommentLocation & { body: string; commit_id: string; in_reply_to?: number }>(ctx);
  if (request.in_reply_to !== undefined) {
    const parent = ctx.state.reviewComments.find(
      (c) => c.id === request.in_reply_to && c.repoKey === pull.repoKey && c.pullNumber === pull.number,
    );
    if (!parent) throw notFound();
    return reply(ctx, pull, parent, request.body);
  }
  if (request.body.length > MAX_BODY) throw validationFailed([tooLong()]);
  if (request.position !== undefined && request.line === undefined) {
    // `position` still works on GitHub but is closing down: the bot must send `line`/`side`.
    throw asViolation(
      validationFailed([
        { resource: RESOURCE, code: "custom", field: "position", message: "position is deprecated" },
      ]),
      ["deprecated `position` used instead of `line`"],
    );
  }
  if (!pull.filesAt.has(request.commit_id)) {
    throw validationFailed([
      {
        resource: RESOURCE,
        code: "custom",
        field: "commit_id",
        message: "commit_id is not part of the pull request",
      },
    ]);
  }
  const result = resolveLocation(pull.filesAt.get(request.commit_id) ?? pull.files, request);
  if (!result.ok)
    throw validationFailed([{ resource: RESOURCE, code: "custom", ...COMMENT_ERROR[result.problem] }]);
  const review = createReview(ctx.state, pull, ctx.app.bot, {
    body: "",
    state: "COMMENTED",
    commitId: request.commit_id,
  });
  const created = createThreadComment(ctx.state, review, result.value, request.body);
  return { status: 201, body: renderReviewComment(ctx.state, created, ctx.urls) };
}

export const reviewCommentHandlers: Record<string, Handler> = {
  "pulls/create-review-comment": createSingle,

  "pulls/create-reply-for-review-comment": (ctx) => {
    const pull = requirePull(ctx);
    return reply(ctx, pull, requireComment(ctx, pull), (ctx.body as { body: string }).body);
  },

  "pulls/list-review-comments": (ctx) => {
    const pull = requirePull(ctx);
    let comments = visibleComments(ctx.state, pull);
    const since = ctx.query["since"];
    if (typeof since === "string") comments = comments.filter((c) => c.updatedAt >= since);
    if (ctx.query["sort"] === "updated")
      comments = [...comments].sort((a, b) => a.updatedAt.localeCompare(b.updatedAt));
    if (ctx.query["sort"] !== undefined && ctx.query["direction"] === "desc")
      comments = [...comments].reverse();
    return paginate(
      ctx,
      comments.map((c) => renderReviewComment(ctx.state, c, ctx.urls)),
    );
  },

  "pulls/get-review-comment": (ctx) => ({
    status: 200,
    body: renderReviewComment(ctx.state, requireComment(ctx), ctx.urls),
  }),

  "pulls/update-review-comment": (ctx) => {
    const comment = requireComment(ctx);
    const body = (ctx.body as { body: string }).body;
    if (body.length > MAX_BODY) throw validationFailed([tooLong()]);
    comment.body = body;
    comment.updatedAt = nowIso();
    return { status: 200, body: renderReviewComment(ctx.state, comment, ctx.urls) };
  },
};
