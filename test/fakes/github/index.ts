/**
 * A fake GitHub for integration tests: REST (validated against GitHub's published schemas) and
 * the GraphQL review-thread operations, on a real HTTP server at 127.0.0.1.
 *
 * ```ts
 * const keys = generateAppKeyPair();
 * const fake = await startFakeGitHub({ appId: 123, publicKeyPem: keys.publicKeyPem });
 * fake.addInstallation({ id: 1, account: "acme", repositories: ["acme/widgets"] });
 * fake.addPullRequest({ owner: "acme", repo: "widgets", number: 7, head: {...}, base: {...}, files, headContents });
 * // Probot: new Probot({ appId: 123, privateKey: keys.privateKeyPem, baseUrl: fake.apiUrl, ... })
 * expect(fake.requestsFor("pulls/create-review")[0]?.body).toMatchObject({ event: "COMMENT" });
 * expect(fake.problems()).toEqual([]);
 * ```
 *
 * `test/fixtures/github/sample-pr.ts` and `fake-setup.ts` seed a ready-made PR.
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
export { ChaosInjector, type ChaosOptions } from "./chaos.js";
