import type { ResolvedLocation } from "./line-check.js";
import { rootOf, threadFor } from "./threads.js";
import {
  nowIso,
  type FakeState,
  type PullRecord,
  type ReviewCommentRecord,
  type ReviewRecord,
  type ReviewState,
  type UserRecord,
} from "./state.js";

/** GitHub's limit on every comment and review body. */
export const MAX_BODY = 65536;

export const TOO_LONG = `body is too long (maximum is ${MAX_BODY} characters)`;

export function createReview(
  state: FakeState,
  pull: PullRecord,
  user: UserRecord,
  fields: { body: string; state: ReviewState; commitId: string },
): ReviewRecord {
  const id = state.nextId();
  const review: ReviewRecord = {
    id,
    nodeId: state.nodeId("PRR", { kind: "review", id, repoKey: pull.repoKey }),
    repoKey: pull.repoKey,
    pullNumber: pull.number,
    user,
    ...fields,
    submittedAt: fields.state === "PENDING" ? null : nowIso(),
  };
  state.reviews.push(review);
  return review;
}

/** Stores a new thread's first comment at a location already checked against the diff. */
export function createThreadComment(
  state: FakeState,
  review: ReviewRecord,
  where: ResolvedLocation,
  body: string,
): ReviewCommentRecord {
  const id = state.nextId();
  const now = nowIso();
  const comment: ReviewCommentRecord = {
    id,
    nodeId: state.nodeId("PRRC", { kind: "review_comment", id, repoKey: review.repoKey }),
    repoKey: review.repoKey,
    pullNumber: review.pullNumber,
    reviewId: review.id,
    user: review.user,
    body,
    path: where.path,
    line: where.line,
    side: where.side,
    startLine: where.startLine,
    startSide: where.startSide,
    originalLine: where.line ?? 1,
    originalStartLine: where.startLine,
    position: where.position,
    originalPosition: where.position ?? 1,
    commitId: review.commitId,
    originalCommitId: review.commitId,
    diffHunk: where.diffHunk,
    subjectType: where.subjectType,
    inReplyToId: null,
    anchorText: where.anchorText,
    isMinimized: false,
    minimizedReason: null,
    createdAt: now,
    updatedAt: now,
  };
  state.reviewComments.push(comment);
  threadFor(state, comment);
  return comment;
}

/** Stores a reply; it takes its thread's location, and replies to replies join the root. */
export function createReply(
  state: FakeState,
  review: ReviewRecord,
  parent: ReviewCommentRecord,
  body: string,
): ReviewCommentRecord {
  const root = rootOf(state, parent);
  const id = state.nextId();
  const now = nowIso();
  const reply: ReviewCommentRecord = {
    ...root,
    id,
    nodeId: state.nodeId("PRRC", { kind: "review_comment", id, repoKey: root.repoKey }),
    reviewId: review.id,
    user: review.user,
    body,
    inReplyToId: root.id,
    isMinimized: false,
    minimizedReason: null,
    createdAt: now,
    updatedAt: now,
  };
  state.reviewComments.push(reply);
  return reply;
}
