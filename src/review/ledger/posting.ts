import type { PullRequestRef } from "../ports.js";
import type { PullReviewComment, ReviewThreadReader } from "../ports-threads.js";
import { sameLogin } from "./github-state.js";
import { parseFindingMarker } from "./marker.js";
import type { FindingDecision } from "./reconcile.js";
import type { ClaimCandidate, PullRequestLedger } from "./types.js";

/**
 * Around posting a review: claim the findings to post (so a concurrent worker on the same head does
 * not post them too), then record the comment ids GitHub gave them, and give back claims that did not
 * become comments.
 */

type PostDecision = Extract<FindingDecision, { kind: "post" }>;

/** The claim candidates of reconcile's `post` decisions. */
export function claimCandidates(decisions: readonly FindingDecision[]): ClaimCandidate[] {
  return decisions
    .filter((d): d is PostDecision => d.kind === "post")
    .map((d) => ({
      fingerprint: d.fingerprint,
      path: d.placed.path,
      startLine: d.placed.startLine,
      endLine: d.placed.endLine,
      title: d.placed.finding.title,
      ...(d.placed.finding.priority !== null ? { priority: d.placed.finding.priority } : {}),
      original: d.placed.original,
    }));
}

/** Claims the `post` decisions; returns only those this worker may post. */
export async function claimForPosting(
  ledger: PullRequestLedger,
  decisions: readonly FindingDecision[],
  headSha: string,
  owner?: string,
): Promise<PostDecision[]> {
  const granted = new Set(await ledger.claim(claimCandidates(decisions), headSha, owner));
  return decisions.filter((d): d is PostDecision => d.kind === "post" && granted.has(d.fingerprint));
}

/** Comment id by fingerprint, from the bot's finding comments (first comment of each thread). */
export function postedFromComments(
  comments: readonly PullReviewComment[],
  botLogin: string,
): Map<string, { commentId: number }> {
  const posted = new Map<string, { commentId: number }>();
  for (const comment of comments) {
    if (comment.inReplyToId !== null || !sameLogin(comment.author, botLogin)) continue;
    const fp = parseFindingMarker(comment.body);
    if (fp !== null && !posted.has(fp)) posted.set(fp, { commentId: comment.id });
  }
  return posted;
}

export interface RecordReviewInput {
  ledger: PullRequestLedger;
  github: ReviewThreadReader;
  pr: PullRequestRef;
  botLogin: string;
  /** The review GitHub created. */
  reviewId: number;
  /** Every fingerprint this worker claimed for the review. */
  claimed: readonly string[];
}

/**
 * After `createReview`: reads the review's comments, records each marked one as open, and releases
 * the claims that did not make it into the review (held back to the body, or dropped).
 */
export async function recordReview(
  input: RecordReviewInput,
): Promise<{ recorded: string[]; released: string[] }> {
  const comments = await input.github.listReviewCommentsOfReview(input.pr, input.reviewId);
  const posted = postedFromComments(comments, input.botLogin);
  const ours = new Map([...posted].filter(([fp]) => input.claimed.includes(fp)));
  const recorded = await input.ledger.recordPosted(ours);
  const released = input.claimed.filter((fp) => !ours.has(fp));
  await input.ledger.release(released);
  return { recorded, released };
}
