import { links, renderUser, type Urls } from "./render-common.js";
import type { FakeState, ReactionRecord, ReviewCommentRecord, ReviewRecord, UserRecord } from "./state.js";

function association(state: FakeState, repoKey: string, user: UserRecord): string {
  if (user.type === "Bot") return "NONE";
  const role = state.repos.get(repoKey)?.roles.get(user.login.toLowerCase());
  if (role === "admin" && state.repos.get(repoKey)?.owner.login === user.login) return "OWNER";
  return role && role !== "none" ? "COLLABORATOR" : "CONTRIBUTOR";
}

/** `author_association` of a user on a repository. */
export { association as authorAssociation };

function fullName(state: FakeState, repoKey: string): string {
  return state.repos.get(repoKey)?.fullName ?? repoKey;
}

/** The `reactions` rollup GitHub attaches to comments. */
export function reactionRollup(reactions: ReactionRecord[], url: string): Record<string, unknown> {
  const count = (content: string) => reactions.filter((r) => r.content === content).length;
  return {
    url,
    total_count: reactions.length,
    "+1": count("+1"),
    "-1": count("-1"),
    laugh: count("laugh"),
    hooray: count("hooray"),
    confused: count("confused"),
    heart: count("heart"),
    rocket: count("rocket"),
    eyes: count("eyes"),
  };
}

/** A "Pull Request Review". Pending reviews have no `submitted_at`, as on GitHub. */
export function renderReview(state: FakeState, review: ReviewRecord, urls: Urls): Record<string, unknown> {
  const name = fullName(state, review.repoKey);
  const pullUrl = `${urls.api}/repos/${name}/pulls/${review.pullNumber}`;
  const html = `${urls.web}/${name}/pull/${review.pullNumber}#pullrequestreview-${review.id}`;
  return {
    id: review.id,
    node_id: review.nodeId,
    user: renderUser(review.user, urls),
    body: review.body,
    state: review.state,
    html_url: html,
    pull_request_url: pullUrl,
    author_association: association(state, review.repoKey, review.user),
    _links: links({ html, pull_request: pullUrl }),
    ...(review.submittedAt ? { submitted_at: review.submittedAt } : {}),
    commit_id: review.commitId,
  };
}

/** A "Pull Request Review Comment" (also good for the "Legacy Review Comment" of a review's list). */
export function renderReviewComment(
  state: FakeState,
  comment: ReviewCommentRecord,
  urls: Urls,
): Record<string, unknown> {
  const name = fullName(state, comment.repoKey);
  const api = `${urls.api}/repos/${name}`;
  const self = `${api}/pulls/comments/${comment.id}`;
  const html = `${urls.web}/${name}/pull/${comment.pullNumber}#discussion_r${comment.id}`;
  const pullUrl = `${api}/pulls/${comment.pullNumber}`;
  const reactions = state.reactions.filter(
    (r) => r.subjectType === "review_comment" && r.subjectId === comment.id,
  );
  return {
    url: self,
    pull_request_review_id: comment.reviewId,
    id: comment.id,
    node_id: comment.nodeId,
    diff_hunk: comment.diffHunk,
    path: comment.path,
    position: comment.position,
    original_position: comment.originalPosition,
    commit_id: comment.commitId,
    original_commit_id: comment.originalCommitId,
    ...(comment.inReplyToId !== null ? { in_reply_to_id: comment.inReplyToId } : {}),
    user: renderUser(comment.user, urls),
    body: comment.body,
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    html_url: html,
    pull_request_url: pullUrl,
    author_association: association(state, comment.repoKey, comment.user),
    _links: links({ self, html, pull_request: pullUrl }),
    reactions: reactionRollup(reactions, `${self}/reactions`),
    start_line: comment.startLine,
    original_start_line: comment.originalStartLine,
    start_side: comment.startLine === null ? null : comment.startSide,
    line: comment.line,
    original_line: comment.originalLine,
    side: comment.side,
    subject_type: comment.subjectType,
  };
}
