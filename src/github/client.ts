import type { ProbotOctokit } from "probot";

/**
 * An installation-authenticated Octokit, as `probot.auth(installationId)` returns it (REST methods,
 * pagination, GraphQL; tokens are refreshed by Probot).
 */
export type GitHubClient = InstanceType<typeof ProbotOctokit>;
