import { Probot } from "probot";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { GitHubClient } from "../../../src/github/client.js";
import { GitHubReader } from "../../../src/github/reader.js";
import { DEFAULT_REVIEW_SETTINGS, type ReviewSettings } from "../../../src/review/pipeline/context.js";
import { prepareReview } from "../../../src/review/pipeline/prepare.js";
import { RepoFileCache } from "../../../src/review/pipeline/repo-files.js";
import {
  generateAppKeyPair,
  startFakeGitHub,
  type FakeGitHub,
  type RecordedRequest,
} from "../../fakes/github/index.js";
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

/** The repository, with `files` on its default (and base) branch `main`. */
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

async function prepare(
  files: Record<string, string>,
  extra: Partial<ReviewSettings> = {},
  latencyMs = LATENCY_MS,
) {
  const { fake, reader } = await world(files);
  const [info, changed] = await Promise.all([reader.getPullRequest(pr), reader.listFiles(pr)]);
  fake.setLatency(latencyMs);
  const from = fake.requests.length;
  const answered: number[] = [];
  const stopWatching = fake.onRequest(() => answered.push(Date.now()));
  const prepared = await prepareReview(
    { reader, settings: { ...settings, ...extra } },
    { pr, info, files: changed, mode: "full", reviewedHead: Promise.resolve(null) },
  );
  stopWatching();
  const firstAnswerAt = Math.min(...answered);
  return { prepared, reads: fake.requests.slice(from), from, firstAnswerAt, fake, reader, info, changed };
}

/** `operation path?ref` of each request, in a stable order. */
function described(requests: readonly RecordedRequest[]): string[] {
  return requests
    .map((r) => {
      const path = decodeURIComponent(r.path.replace(/^\/repos\/acme\/billing\//, ""));
      const ref = r.query["ref"] ? `@${r.query["ref"].slice(0, 7)}` : "";
      return `${r.operationId} ${path}${ref}${r.status === 404 ? " (404)" : ""}`;
    })
    .sort();
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
});

describe("prepareReview through the process's RepoFileCache", () => {
  const seed = {
    ".github/codex.yml": "effort: medium\n",
    "AGENTS.md": GUIDELINES,
    "src/billing/AGENTS.md": GUIDELINES.replace("cents", "minor units"),
  };

  it("reads at commits, only the guideline files the base tree lists, then nothing for the next review", async () => {
    const repoFiles = new RepoFileCache();
    const first = await prepare(seed, { repoFiles }, 0);
    // Config and guidelines alike are read at the commit `main` (default and base branch) is at.
    const main = first.fake.resolveRef("acme", "billing", "main") as string;
    const at = main.slice(0, 7);
    expect(first.prepared.settings.effort).toBe("medium");
    expect(first.prepared.guidelines?.sources).toEqual(["AGENTS.md", "src/billing/AGENTS.md"]);
    // Candidates were AGENTS.md, src/billing/AGENTS.md and src/AGENTS.md: the last is not in the
    // tree, so it is not asked for.
    // The second config name, asked for at once, may be answered after the review went on.
    const reads = () => first.fake.requests.slice(first.from);
    await vi.waitFor(() =>
      expect(described(reads()).filter((r) => r.includes("codex.yaml"))).toHaveLength(1),
    );
    expect(described(reads())).toEqual([
      `git/get-ref git/ref/heads/main`,
      `git/get-tree git/trees/${main}`,
      `repos/get-content contents/.github/codex.yaml@${at} (404)`,
      `repos/get-content contents/.github/codex.yml@${at}`,
      `repos/get-content contents/AGENTS.md@${at}`,
      `repos/get-content contents/src/billing/AGENTS.md@${at}`,
    ]);
    expect(reads().find((r) => r.operationId === "git/get-tree")?.query).toEqual({ recursive: "1" });

    const from = first.fake.requests.length;
    const again = await prepareReview(
      { reader: first.reader, settings: { ...settings, repoFiles } },
      { pr, info: first.info, files: first.changed, mode: "full", reviewedHead: Promise.resolve(null) },
    );
    expect(again.settings.effort).toBe("medium");
    expect(again.guidelines?.sources).toEqual(["AGENTS.md", "src/billing/AGENTS.md"]);
    expect(first.fake.requests.slice(from)).toEqual([]);
  });

  it("probes each directory when GitHub cuts the tree listing short", async () => {
    const repoFiles = new RepoFileCache();
    const { fake, reader } = await world(seed);
    fake.setTreeEntryLimit(1);
    const [info, changed] = await Promise.all([reader.getPullRequest(pr), reader.listFiles(pr)]);
    const from = fake.requests.length;
    const prepared = await prepareReview(
      { reader, settings: { ...settings, repoFiles } },
      { pr, info, files: changed, mode: "full", reviewedHead: Promise.resolve(null) },
    );
    expect(prepared.guidelines?.sources).toEqual(["AGENTS.md", "src/billing/AGENTS.md"]);
    const guidelineReads = described(fake.requests.slice(from)).filter((r) => r.includes("AGENTS.md"));
    const at = (fake.resolveRef("acme", "billing", "main") as string).slice(0, 7);
    expect(guidelineReads).toEqual([
      `repos/get-content contents/AGENTS.md@${at}`,
      `repos/get-content contents/src/AGENTS.md@${at} (404)`,
      `repos/get-content contents/src/billing/AGENTS.md@${at}`,
    ]);
  });

  it("uses the default branch's known head at once and refreshes it in the background", async () => {
    // Never fresh, always usable: every review starts a lookup and none waits for it.
    const repoFiles = new RepoFileCache({ branchFreshMs: 0, branchStaleMs: 60_000 });
    const first = await prepare(seed, { repoFiles }, 0);
    expect(first.prepared.settings.effort).toBe("medium");
    first.fake.addRepo({
      owner: "acme",
      repo: "billing",
      files: { main: { ".github/codex.yml": "effort: high\n" } },
    });
    const input = {
      pr,
      info: first.info,
      files: first.changed,
      mode: "full" as const,
      reviewedHead: Promise.resolve(null),
    };
    const lookups = first.fake.requestsFor("git/get-ref").length;
    // Answered from what is known; the lookup it started finds the new head.
    const second = await prepareReview({ reader: first.reader, settings: { ...settings, repoFiles } }, input);
    expect(second.settings.effort).toBe("medium");
    await first.fake.waitForRequests("git/get-ref", lookups + 1);
    await vi.waitFor(async () => {
      const third = await prepareReview(
        { reader: first.reader, settings: { ...settings, repoFiles } },
        input,
      );
      expect(third.settings.effort).toBe("high");
    });
  });
});
