import { resolveLocation } from "./line-check.js";
import { createReply, createReview, createThreadComment } from "./review-store.js";
import type { FakeState, PullRecord } from "./state.js";
import type { ReviewCommentInput } from "./types.js";

/** Stores a human review comment (its own COMMENTED review, as on GitHub) or a reply. */
export function addSeededReviewComment(
  state: FakeState,
  pull: PullRecord,
  input: ReviewCommentInput,
): { id: number; nodeId: string } {
  const user = state.user(input.user);
  const review = createReview(state, pull, user, { body: "", state: "COMMENTED", commitId: pull.head.sha });
  if (input.inReplyTo !== undefined) {
    const parent = state.reviewComments.find((c) => c.id === input.inReplyTo);
    if (!parent) throw new Error(`fake GitHub: no review comment ${input.inReplyTo}`);
    const reply = createReply(state, review, parent, input.body);
    return { id: reply.id, nodeId: reply.nodeId };
  }
  const result = resolveLocation(pull.files, {
    path: input.path ?? "",
    ...(input.line !== undefined ? { line: input.line } : {}),
    ...(input.side !== undefined ? { side: input.side } : {}),
    ...(input.startLine !== undefined ? { start_line: input.startLine } : {}),
  });
  if (!result.ok) throw new Error(`fake GitHub: seeded comment rejected (${result.problem})`);
  const comment = createThreadComment(state, review, result.value, input.body);
  return { id: comment.id, nodeId: comment.nodeId };
}
