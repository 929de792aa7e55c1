/**
 * A fake GitHub for integration tests: REST (validated against GitHub's published schemas) and
 * the GraphQL review-thread operations, on a real HTTP server at 127.0.0.1.
 */
export { FakeGitHub, startFakeGitHub } from "./fake.js";
export { generateAppKeyPair, type AppKeyPair } from "./keys.js";
export type { ThreadView } from "./inspect.js";
export type { UnexpectedRequest } from "./server.js";
export type {
  FakeGitHubOptions,
  FaultSpec,
  InstallationInput,
  IssueCommentInput,
  PermissionInput,
  PullFileInput,
  PullRequestInput,
  PushInput,
  RecordedRequest,
  RepoInput,
  ReviewCommentInput,
  Violation,
} from "./types.js";
export { computePatch } from "./make-patch.js";
