import { Probot } from "probot";
import type { GitHubClient } from "../../../../src/github/client.js";
import type { FakeGitHub } from "../../../fakes/github/index.js";
import { react } from "../../../fakes/github/reactions.js";
import { repoKey, type FakeState } from "../../../fakes/github/state.js";
import { threadFor } from "../../../fakes/github/threads.js";
import type { SampleFake } from "../../../fixtures/github/fake-setup.js";
import { SAMPLE } from "../../../fixtures/github/sample-pr.js";
import { UNTHROTTLED } from "../../../support/octokit.js";

/*
 * Seeding the fake GitHub with what people do that its public API does not offer yet: a person's
 * reaction (REST reactions are always the app's) and a thread resolved by a person (GraphQL
 * resolutions are always the app's). Both write the fake's state the way its own handlers do.
 */

function stateOf(fake: FakeGitHub): FakeState {
  return (fake as unknown as { state: FakeState }).state;
}

/** `login` reacts to a review comment. */
export function reactAs(fake: FakeGitHub, commentId: number, login: string, content: string): void {
  const state = stateOf(fake);
  react(
    state,
    { repoKey: repoKey(SAMPLE.owner, SAMPLE.repo), type: "review_comment", id: commentId },
    state.user(login),
    content,
  );
}

/** `login` resolves the thread that starts with `rootCommentId`. */
export function resolveAs(fake: FakeGitHub, rootCommentId: number, login: string): void {
  const state = stateOf(fake);
  const root = state.reviewComments.find((c) => c.id === rootCommentId);
  if (!root) throw new Error(`no review comment ${rootCommentId}`);
  const thread = threadFor(state, root);
  thread.isResolved = true;
  thread.resolvedBy = state.user(login);
}

/** An installation client against the fake, as a worker gets it from `probot.auth`. */
export async function installationClient(sample: SampleFake): Promise<GitHubClient> {
  const probot = new Probot({
    appId: sample.appId,
    privateKey: sample.keys.privateKeyPem,
    baseUrl: sample.fake.apiUrl,
    Octokit: UNTHROTTLED.defaults({ retry: { enabled: false } }),
    logLevel: "fatal",
  });
  return (await probot.auth(SAMPLE.installationId)) as GitHubClient;
}

/** The sample PR as the ports take it. */
export const SAMPLE_PR = { owner: SAMPLE.owner, repo: SAMPLE.repo, pullNumber: SAMPLE.number };
