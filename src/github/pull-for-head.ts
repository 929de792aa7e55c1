import type { GitHubClient } from "./client.js";
import { translate } from "./errors.js";

/** Where a head commit lives, as far as a check run's payload tells. */
export interface HeadLocation {
  sha: string;
  /** The head branch (`check_suite.head_branch`); null when GitHub did not say. */
  branch: string | null;
  /** The owner of the repository the head branch is in (a fork's owner); null when unknown. */
  headOwner: string | null;
}

/** Open PRs are read this many pages at most when the head branch's owner is unknown. */
const MAX_PAGES = 10;

/**
 * The open pull request of `repo` whose head is `head.sha`, or null. With the head's owner and
 * branch, GitHub filters the list itself (`head=owner:branch`); without them the open PRs are read
 * page by page. Only a PR whose head is still that very commit counts: a branch that moved on since
 * belongs to a newer review.
 */
export async function findOpenPullForHead(
  octokit: GitHubClient,
  repo: { owner: string; repo: string },
  head: HeadLocation,
): Promise<number | null> {
  const filter =
    head.branch !== null && head.headOwner !== null ? { head: `${head.headOwner}:${head.branch}` } : {};
  for (let page = 1; page <= MAX_PAGES; page++) {
    const { data } = await translate(`list pull requests of ${repo.owner}/${repo.repo}`, () =>
      octokit.rest.pulls.list({ ...repo, ...filter, state: "open", per_page: 100, page }),
    );
    const found = data.find((pull) => pull.head.sha === head.sha);
    if (found) return found.number;
    if (data.length < 100) return null;
  }
  return null;
}
