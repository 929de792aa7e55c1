import { ProbotOctokit } from "probot";
import { withoutThrottling } from "../../src/main/probot.js";

/** Probot's Octokit without its throttling, for tests that build their own Probot. */
export const UNTHROTTLED = withoutThrottling(ProbotOctokit);
