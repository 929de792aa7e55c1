import { Probot } from "probot";
import { afterEach, describe, expect, it } from "vitest";
import type { GitHubClient } from "../../../src/github/client.js";
import { GitHubReader } from "../../../src/github/reader.js";
import { BranchFileCache } from "../../../src/review/pipeline/branch-files.js";
import { DEFAULT_REVIEW_SETTINGS, type ReviewSettings } from "../../../src/review/pipeline/context.js";
import { prepareReview } from "../../../src/review/pipeline/prepare.js";
import { generateAppKeyPair, startFakeGitHub, type FakeGitHub } from "../../fakes/github/index.js";
import { invoicePullRequest, INVOICE_PR } from "../../fixtures/prs/invoice-pr.js";
import { UNTHROTTLED } from "../../support/octokit.js";

/**
 * What the first model call waits for — the config, the diff to review, the guidelines — is read
 * in one round trip to GitHub, not one after the other.
 */

// Long enough that a read sent only after another's answer shows up as such, even on a loaded machine.
const LATENCY_MS = 300;
const APP_ID = 31415;
const keys = generateAppKeyPair();
const pr = { owner: "acme", repo: "billing", pullNumber: INVOICE_PR.number };
const GUIDELINES = "# Agents\n\n## Review guidelines\n\nMoney is integer cents; flag floats.\n";

const settings: ReviewSettings = {
  ...DEFAULT_REVIEW_SETTINGS,
  model: "gpt-5.3-codex-spark",
  effort: "low",
  maxOutputTokens: 4_000,
  contextTokens: 128_000,
  trigger: "@codex",
  triggerWords: ["@codex"],
};

let github: FakeGitHub | undefined;
afterEach(async () => {
  await github?.close();
});

async function world(files: Record<string, string>): Promise<{ fake: FakeGitHub; reader: GitHubReader }> {
  const fake = await startFakeGitHub({ appId: APP_ID, publicKeyPem: keys.publicKeyPem });
  github = fake;
  fake.addInstallation({ id: INVOICE_PR.installationId, account: "acme", repositories: ["acme/billing"] });
  fake.addRepo({ owner: "acme", repo: "billing", files: { main: files } });
  fake.addPullRequest(invoicePullRequest());
  const probot = new Probot({
    appId: APP_ID,
    privateKey: keys.privateKeyPem,
    baseUrl: fake.apiUrl,
    Octokit: UNTHROTTLED.defaults({ retry: { enabled: false } }),
    logLevel: "fatal",
  });
  const octokit = (await probot.auth(INVOICE_PR.installationId)) as GitHubClient;
  return { fake, reader: new GitHubReader(octokit) };
}

async function prepare(files: Record<string, string>, extra: Partial<ReviewSettings> = {}) {
  const { fake, reader } = await world(files);
  const [info, changed] = await Promise.all([reader.getPullRequest(pr), reader.listFiles(pr)]);
  fake.setLatency(LATENCY_MS);
  const from = fake.requests.length;
  const answered: number[] = [];
  const stopWatching = fake.onRequest(() => answered.push(Date.now()));
  const prepared = await prepareReview(
    { reader, settings: { ...settings, ...extra } },
    { pr, info, files: changed, mode: "full", reviewedHead: Promise.resolve(null) },
  );
  stopWatching();
  const firstAnswerAt = Math.min(...answered);
  return { prepared, reads: fake.requests.slice(from), firstAnswerAt, fake, reader, info, changed };
}

describe("prepareReview", () => {
  it("reads both config names and every guideline file at once", async () => {
    const { prepared, reads, firstAnswerAt } = await prepare({
      ".github/codex.yaml": "effort: high\n",
      "AGENTS.md": GUIDELINES,
    });
    expect(prepared.settings.effort).toBe("high");
    expect(prepared.repoConfig.path).toBe(".github/codex.yaml");
    expect(prepared.guidelines?.sources).toEqual(["AGENTS.md"]);
    expect(prepared.selection.files.map((f) => f.path).sort()).toEqual([
      "CHANGELOG.md",
      "src/billing/invoice.ts",
    ]);
    const paths = reads.map((r) =>
      decodeURIComponent(r.path.replace(/^\/repos\/acme\/billing\/contents\//, "")),
    );
    expect(paths).toEqual(
      expect.arrayContaining([".github/codex.yml", ".github/codex.yaml", "AGENTS.md", "src/AGENTS.md"]),
    );
    // One round trip: every read was sent before the first answer came back (a read that waited
    // for another's answer would start after it).
    expect(Math.max(...reads.map((r) => r.at))).toBeLessThan(firstAnswerAt);
  });

  it("reads the guidelines again under the names the config gives", async () => {
    const config = "guidelines:\n  files: [REVIEW.md]\n";
    const { prepared, reads } = await prepare({ ".github/codex.yml": config, "REVIEW.md": GUIDELINES });
    expect(prepared.guidelines?.sources).toEqual(["REVIEW.md"]);
    expect(reads.some((r) => r.path.endsWith("/REVIEW.md"))).toBe(true);
  });

  it("leaves the guidelines out when the config turns them off", async () => {
    const config = "guidelines:\n  enabled: false\n";
    const { prepared } = await prepare({ ".github/codex.yml": config, "AGENTS.md": GUIDELINES });
    expect(prepared.guidelines).toBeUndefined();
  });

  it("reuses the config and guidelines of the process's cache for the next review", async () => {
    const branchFiles = new BranchFileCache();
    const first = await prepare(
      { ".github/codex.yml": "effort: medium\n", "AGENTS.md": GUIDELINES },
      { branchFiles },
    );
    const from = first.fake.requests.length;
    const again = await prepareReview(
      { reader: first.reader, settings: { ...settings, branchFiles } },
      { pr, info: first.info, files: first.changed, mode: "full", reviewedHead: Promise.resolve(null) },
    );
    expect(again.settings.effort).toBe("medium");
    expect(again.guidelines?.sources).toEqual(["AGENTS.md"]);
    expect(first.fake.requests.slice(from)).toEqual([]);
  });
});
