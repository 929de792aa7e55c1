import type { PullRequestReader, PullRequestRef } from "../ports.js";
import type { ReviewMemory } from "./memory.js";

/**
 * Everything that makes a review exactly-once, in one place: the names of a pull request and of a
 * pass, the idempotency key of a review, the hidden marker that carries the key into GitHub, and
 * the "already posted?" lookup that reads Redis first and GitHub's markers second.
 *
 * A webhook delivered twice, a job retried, a worker killed mid-job: each PR still gets exactly one
 * review per key. The queue deduplicates jobs by their ids; this module deduplicates the POST.
 */

/** One pull request's name in job ids and Redis keys (inside a hash tag, so one Cluster slot). */
export function prKey(owner: string, repo: string, pullNumber: number): string {
  return `${owner}/${repo}#${pullNumber}`;
}

/** What one review covers: the whole PR or the changes since the last review, quiet or not. */
export interface Pass {
  mode: "full" | "incremental";
  /** Quiet passes (drafts) put only the most important findings inline. */
  quiet: boolean;
}

/** The pass's name: part of an automatic review's key and of its log lines. */
export function passName(pass: Pass): string {
  return `${pass.mode}${pass.quiet ? "-quiet" : ""}`;
}

/** What asked for a review that a person (or GitHub's "Re-run") requested explicitly. */
export type ExplicitTrigger = "mention" | "rerequested";

/**
 * The key of a review a person asked for: one review per request (its webhook delivery), whatever
 * head it ends up on. Automatic reviews have none: their key is their head and pass.
 */
export function requestKey(trigger: ExplicitTrigger, deliveryId: string): string {
  return `${trigger}/${deliveryId}`;
}

/** An automatic review's key: one review per head and pass. */
export function headPassKey(headSha: string, pass: Pass): string {
  return `${headSha}/${passName(pass)}`;
}

/**
 * The review's key when the request alone tells it: an explicit request's own key, or the head and
 * pass of an automatic one whose head is known. Null until the head is read.
 */
export function reviewKey(
  request: Pass & { requestKey: string | null },
  headSha: string | null,
): string | null {
  if (request.requestKey !== null) return request.requestKey;
  return headSha === null ? null : headPassKey(headSha, request);
}

/** A queued review job's key, when the job alone tells it (its check run is recorded under it). */
export function jobReviewKey(
  job: Pass & { trigger: string; deliveryId: string; headSha: string | null },
): string | null {
  const explicit =
    job.trigger === "mention" || job.trigger === "rerequested"
      ? requestKey(job.trigger, job.deliveryId)
      : null;
  return reviewKey({ ...job, requestKey: explicit }, job.headSha);
}

/** The key under which a job that failed before it had a check run reports its failure. */
export function failureKey(deliveryId: string): string {
  return `failed/${deliveryId}`;
}

/**
 * A hidden marker in every review body. Before posting, a worker looks for it: if a previous
 * attempt already posted (and died before recording it), the review is not posted twice.
 */
export function reviewMarker(pr: PullRequestRef, key: string): string {
  const id = `${prKey(pr.owner, pr.repo, pr.pullNumber)}/${key}`.replace(/[^A-Za-z0-9_.:#/@-]/g, "_");
  return `<!-- codex-spark-bot:review ${id} -->`;
}

/** What looking for a posted review needs: Redis memory, GitHub, and whose reviews count. */
export interface PostedLookup {
  reader: PullRequestReader;
  memory: ReviewMemory;
  /** The app's bot login (`<slug>[bot]`): markers in anyone else's review are ignored. */
  botLogin: string;
}

/**
 * Finds a review already posted for `key`: in Redis, or on GitHub by its hidden marker — which
 * covers a worker killed between GitHub accepting the POST and Redis recording it, and a flushed
 * Redis. What GitHub shows is written back to Redis.
 */
export async function findPosted(
  deps: PostedLookup,
  pr: PullRequestRef,
  key: string,
  marker: string = reviewMarker(pr, key),
): Promise<number | null> {
  const remembered = await deps.memory.postedReview(pr, key);
  if (remembered !== null) return remembered;
  // Only the bot's own reviews are evidence: a stranger can paste this marker into theirs.
  const onGitHub = await deps.reader.findReviewWithMarker(pr, marker, deps.botLogin);
  if (onGitHub !== null) await deps.memory.recordPosted(pr, key, onGitHub);
  return onGitHub;
}
