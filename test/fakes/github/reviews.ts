import { asViolation, notFound, unprocessable } from "./errors.js";
import { intParam, paginate, requirePull, type Handler, type RequestContext } from "./handler.js";
import { REVIEW_ERROR, resolveLocation, type CommentLocation, type ResolvedLocation } from "./line-check.js";
import { renderReview, renderReviewComment } from "./render-review.js";
import { createReview, createThreadComment, MAX_BODY, TOO_LONG } from "./review-store.js";
import { nowIso, type PullRecord, type ReviewRecord, type ReviewState } from "./state.js";

interface ReviewBody {
  commit_id?: string;
  body?: string;
  event?: "APPROVE" | "REQUEST_CHANGES" | "COMMENT";
  comments?: Array<CommentLocation & { body: string }>;
}

const STATE_OF_EVENT: Record<NonNullable<ReviewBody["event"]>, ReviewState> = {
  APPROVE: "APPROVED",
  REQUEST_CHANGES: "CHANGES_REQUESTED",
  COMMENT: "COMMENTED",
};

/* GitHub refuses a COMMENT or REQUEST_CHANGES review without a body (the docs mark it required). */
function bodyProblem(event: ReviewBody["event"], body: string | undefined): string | null {
  if (event === "REQUEST_CHANGES" && !body)
    return "You need to leave a comment indicating the requested changes.";
  if (event === "COMMENT" && !body) return "Body can't be blank";
  if (body !== undefined && body.length > MAX_BODY) return TOO_LONG;
  return null;
}

function requireReview(ctx: RequestContext, pull: PullRecord): ReviewRecord {
  const id = intParam(ctx, "review_id");
  const review = ctx.state.reviews.find(
    (r) => r.id === id && r.repoKey === pull.repoKey && r.pullNumber === pull.number,
  );
  // Someone else's pending review is invisible, as on GitHub.
  if (!review || (review.state === "PENDING" && review.user.id !== ctx.app.bot.id)) throw notFound();
  return review;
}

function placeComments(pull: PullRecord, commitId: string, comments: NonNullable<ReviewBody["comments"]>) {
  const files = pull.filesAt.get(commitId) ?? pull.files;
  const errors = new Set<string>();
  const placed: Array<{ where: ResolvedLocation; body: string }> = [];
  for (const comment of comments) {
    const result = resolveLocation(files, comment);
    if (!result.ok) errors.add(REVIEW_ERROR[result.problem]);
    else placed.push({ where: result.value, body: comment.body });
    if (comment.body.length > MAX_BODY) errors.add(TOO_LONG);
  }
  return { errors: [...errors], placed };
}

function createReviewHandler(ctx: RequestContext) {
  const pull = requirePull(ctx);
  const request = ctx.body as ReviewBody;
  if (request.commit_id === undefined) {
    // GitHub would fall back to the newest head, silently racing a push: the bot must always say.
    throw asViolation(unprocessable(["commit_id is required by the fake GitHub"]), ["commit_id missing"]);
  }
  if (request.comments?.some((c) => c.position !== undefined && c.line === undefined)) {
    // `position` still works on GitHub but is closing down: the bot must send `line`/`side`.
    throw asViolation(unprocessable(["position is deprecated: use line and side"]), [
      "deprecated `position` used instead of `line`",
    ]);
  }
  if (!pull.filesAt.has(request.commit_id)) throw unprocessable(["Commit could not be resolved"]);
  const problem = bodyProblem(request.event, request.body);
  if (problem) throw unprocessable([problem]);
  const { errors, placed } = placeComments(pull, request.commit_id, request.comments ?? []);
  // One bad comment sinks the whole review: nothing is stored.
  if (errors.length > 0) throw unprocessable(errors);
  const state = request.event ? STATE_OF_EVENT[request.event] : "PENDING";
  if (
    state === "PENDING" &&
    ctx.state.reviews.some(
      (r) =>
        r.state === "PENDING" &&
        r.repoKey === pull.repoKey &&
        r.pullNumber === pull.number &&
        r.user.id === ctx.app.bot.id,
    )
  ) {
    throw unprocessable(["User can only have one pending review per pull request"]);
  }
  const review = createReview(ctx.state, pull, ctx.app.bot, {
    body: request.body ?? "",
    state,
    commitId: request.commit_id,
  });
  for (const { where, body } of placed) createThreadComment(ctx.state, review, where, body);
  return { status: 200, body: renderReview(ctx.state, review, ctx.urls) };
}

export const reviewHandlers: Record<string, Handler> = {
  "pulls/create-review": createReviewHandler,

  "pulls/list-reviews": (ctx) => {
    const pull = requirePull(ctx);
    const reviews = ctx.state.reviews.filter(
      (r) =>
        r.repoKey === pull.repoKey &&
        r.pullNumber === pull.number &&
        (r.state !== "PENDING" || r.user.id === ctx.app.bot.id),
    );
    return paginate(
      ctx,
      reviews.map((r) => renderReview(ctx.state, r, ctx.urls)),
    );
  },

  "pulls/get-review": (ctx) => {
    const review = requireReview(ctx, requirePull(ctx));
    return { status: 200, body: renderReview(ctx.state, review, ctx.urls) };
  },

  "pulls/list-comments-for-review": (ctx) => {
    const review = requireReview(ctx, requirePull(ctx));
    const comments = ctx.state.reviewComments.filter((c) => c.reviewId === review.id);
    return paginate(
      ctx,
      comments.map((c) => renderReviewComment(ctx.state, c, ctx.urls)),
    );
  },

  "pulls/submit-review": (ctx) => {
    const review = requireReview(ctx, requirePull(ctx));
    const request = ctx.body as { body?: string; event: NonNullable<ReviewBody["event"]> };
    if (review.state !== "PENDING") throw unprocessable(["Can not submit a non-pending review"]);
    const body = request.body ?? review.body;
    const problem = bodyProblem(request.event, body || undefined);
    if (problem) throw unprocessable([problem]);
    review.state = STATE_OF_EVENT[request.event];
    review.body = body;
    review.submittedAt = nowIso();
    return { status: 200, body: renderReview(ctx.state, review, ctx.urls) };
  },
};
