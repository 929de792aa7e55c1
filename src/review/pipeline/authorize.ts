import type { PullRequestReader, PullRequestRef, RepoPermission } from "../ports.js";

const MAY_TRIGGER: ReadonlySet<RepoPermission> = new Set(["admin", "maintain", "write"]);

/** Only people who could push the change themselves may spend model time on it. */
export async function mayTriggerReview(
  reader: PullRequestReader,
  pr: PullRequestRef,
  login: string,
): Promise<boolean> {
  const permission = await reader.getPermission(pr, login);
  return MAY_TRIGGER.has(permission);
}

export function deniedReply(): string {
  return "Sorry, only collaborators with write access to this repository can ask for a review.";
}
