import { notFound } from "./errors.js";
import {
  intParam,
  paginate,
  requirePull,
  requireRepo,
  type Handler,
  type RequestContext,
} from "./handler.js";
import { requireIssueComment } from "./issues.js";
import { renderUser, type Urls } from "./render-common.js";
import {
  nowIso,
  type FakeState,
  type ReactionRecord,
  type ReactionSubject,
  type UserRecord,
} from "./state.js";

interface Subject {
  repoKey: string;
  type: ReactionSubject;
  id: number;
}

export function renderReaction(reaction: ReactionRecord, urls: Urls): Record<string, unknown> {
  return {
    id: reaction.id,
    node_id: reaction.nodeId,
    user: renderUser(reaction.user, urls),
    content: reaction.content,
    created_at: reaction.createdAt,
  };
}

export function reactionsOn(state: FakeState, subject: Subject): ReactionRecord[] {
  return state.reactions.filter(
    (r) => r.repoKey === subject.repoKey && r.subjectType === subject.type && r.subjectId === subject.id,
  );
}

/**
 * Adds a reaction unless the same user already left the same one: GitHub then answers 200 with
 * the existing reaction instead of 201.
 */
export function react(
  state: FakeState,
  subject: Subject,
  user: UserRecord,
  content: string,
): { reaction: ReactionRecord; created: boolean } {
  const existing = reactionsOn(state, subject).find((r) => r.user.id === user.id && r.content === content);
  if (existing) return { reaction: existing, created: false };
  const id = state.nextId();
  const reaction: ReactionRecord = {
    id,
    nodeId: state.nodeId("REA", { kind: "reaction", id, repoKey: subject.repoKey }),
    repoKey: subject.repoKey,
    subjectType: subject.type,
    subjectId: subject.id,
    content,
    user,
    createdAt: nowIso(),
  };
  state.reactions.push(reaction);
  return { reaction, created: true };
}

function reviewCommentSubject(ctx: RequestContext): Subject {
  const repo = requireRepo(ctx);
  const id = intParam(ctx, "comment_id");
  const repoKey = repo.fullName.toLowerCase();
  if (!ctx.state.reviewComments.some((c) => c.id === id && c.repoKey === repoKey)) throw notFound();
  return { repoKey, type: "review_comment", id };
}

function issueCommentSubject(ctx: RequestContext): Subject {
  const comment = requireIssueComment(ctx);
  return { repoKey: comment.repoKey, type: "issue_comment", id: comment.id };
}

function create(subjectOf: (ctx: RequestContext) => Subject): Handler {
  return (ctx) => {
    const { reaction, created } = react(ctx.state, subjectOf(ctx), ctx.app.bot, String(ctx.body["content"]));
    return { status: created ? 201 : 200, body: renderReaction(reaction, ctx.urls) };
  };
}

function list(subjectOf: (ctx: RequestContext) => Subject): Handler {
  return (ctx) => {
    const content = ctx.query["content"];
    const found = reactionsOn(ctx.state, subjectOf(ctx)).filter(
      (r) => content === undefined || r.content === content,
    );
    return paginate(
      ctx,
      found.map((r) => renderReaction(r, ctx.urls)),
    );
  };
}

export const reactionHandlers: Record<string, Handler> = {
  "reactions/create-for-issue-comment": create(issueCommentSubject),
  "reactions/create-for-pull-request-review-comment": create(reviewCommentSubject),
  "reactions/create-for-issue": create((ctx) => {
    const pull = requirePull(ctx, intParam(ctx, "issue_number"));
    return { repoKey: pull.repoKey, type: "issue", id: pull.number };
  }),
  "reactions/list-for-issue-comment": list(issueCommentSubject),
  "reactions/list-for-pull-request-review-comment": list(reviewCommentSubject),
  "reactions/delete-for-issue-comment": (ctx) => {
    const subject = issueCommentSubject(ctx);
    const id = intParam(ctx, "reaction_id");
    const index = ctx.state.reactions.findIndex(
      (r) => r.id === id && r.subjectType === subject.type && r.subjectId === subject.id,
    );
    if (index < 0) throw notFound();
    ctx.state.reactions.splice(index, 1);
    return { status: 204 };
  },
};
