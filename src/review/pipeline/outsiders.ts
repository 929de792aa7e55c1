import type { PullRequestReader, PullRequestRef } from "../ports.js";
import { hasWriteAccess, type PermissionMemory } from "./authorize.js";

/** What `triggers.outsiders` in `.github/codex.yml` asks for PRs by people without write access. */
export type OutsiderPolicy = "review" | "quiet" | "off";

export type OutsiderSpend = { allowed: true } | { allowed: false; limit: "author" | "installation" };

/** The shared budget of automatic reviews of outsiders' PRs (Redis: `src/state/outsider-budget.ts`). */
export interface OutsiderBudget {
  /** Takes one review for `reviewKey` (once per key), or says which limit is reached. */
  spend(input: { installationId: number; author: string; reviewKey: string }): Promise<OutsiderSpend>;
}

export type OutsiderGate =
  | { kind: "collaborator" }
  | { kind: "outsider"; quiet: boolean }
  | { kind: "off" }
  | { kind: "over-budget"; limit: "author" | "installation" };

/**
 * Before an automatic review's model call: a PR by someone without write access (a fork, a
 * stranger) is reviewed as the repository says, and only within the shared budget — so nobody can
 * spend the installation's model budget by opening and pushing pull requests. Reviews a person
 * asked for never pass through here: the person's own permission was checked.
 */
export async function gateOutsider(
  deps: { reader: PullRequestReader; permissions: PermissionMemory; budget?: OutsiderBudget },
  input: {
    pr: PullRequestRef;
    installationId: number;
    author: string;
    policy: OutsiderPolicy;
    reviewKey: string;
  },
): Promise<OutsiderGate> {
  if (await hasWriteAccess(deps.reader, deps.permissions, input.pr, input.author)) {
    return { kind: "collaborator" };
  }
  if (input.policy === "off") return { kind: "off" };
  if (deps.budget) {
    const spent = await deps.budget.spend({
      installationId: input.installationId,
      author: input.author,
      reviewKey: `${input.pr.owner}/${input.pr.repo}#${input.pr.pullNumber}/${input.reviewKey}`,
    });
    if (!spent.allowed) return { kind: "over-budget", limit: spent.limit };
  }
  return { kind: "outsider", quiet: input.policy === "quiet" };
}
