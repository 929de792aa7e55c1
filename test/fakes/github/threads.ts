import { hunkOf, lineMapOf, lineText } from "./diff-lines.js";
import type { FakeState, PullRecord, ReviewCommentRecord, ThreadRecord } from "./state.js";

/** Review comments of a PR visible to everyone (those of pending reviews stay hidden). */
export function visibleComments(state: FakeState, pull: PullRecord): ReviewCommentRecord[] {
  const pending = new Set(state.reviews.filter((r) => r.state === "PENDING").map((r) => r.id));
  return state.reviewComments.filter(
    (c) => c.repoKey === pull.repoKey && c.pullNumber === pull.number && !pending.has(c.reviewId),
  );
}

/** The first comment of the thread a comment belongs to (replies point at the root). */
export function rootOf(state: FakeState, comment: ReviewCommentRecord): ReviewCommentRecord {
  let current = comment;
  while (current.inReplyToId !== null) {
    const parent = state.reviewComments.find((c) => c.id === current.inReplyToId);
    if (!parent) break;
    current = parent;
  }
  return current;
}

/** The thread record of a root comment, created on first use. */
export function threadFor(state: FakeState, root: ReviewCommentRecord): ThreadRecord {
  const known = state.threads.get(root.id);
  if (known) return known;
  const thread: ThreadRecord = {
    rootCommentId: root.id,
    nodeId: state.nodeId("PRRT", { kind: "review_thread", id: root.id, repoKey: root.repoKey }),
    isResolved: false,
    resolvedBy: null,
  };
  state.threads.set(root.id, thread);
  return thread;
}

/**
 * After a push, a thread whose line left the diff or whose text changed becomes outdated: GitHub
 * then reports `line: null` (and `position: null`) and keeps `original_line`.
 */
export function refreshOutdated(state: FakeState, pull: PullRecord): void {
  for (const comment of state.reviewComments) {
    if (comment.repoKey !== pull.repoKey || comment.pullNumber !== pull.number) continue;
    if (comment.line === null || comment.subjectType === "file") continue;
    const file = pull.files.find((f) => f.path === comment.path);
    const map = lineMapOf(file?.patch);
    const stillThere =
      map !== null &&
      hunkOf(map, comment.side, comment.line) !== undefined &&
      lineText(map, comment.side, comment.line) === comment.anchorText;
    if (!stillThere) {
      comment.line = null;
      comment.startLine = null;
      comment.position = null;
    } else {
      comment.commitId = pull.head.sha;
    }
  }
}
