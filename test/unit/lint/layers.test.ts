import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

/**
 * The layer rules are lint rules: `npm run lint` must fail on an import that breaks one. Each case
 * lints a one-line file at a path inside the tree, with the project's own config.
 */
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: process.cwd() });
});

async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport {};\n`, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

describe("layer rules", () => {
  it.each([
    ["src/review/pipeline/x.ts", 'import type { Redis } from "ioredis";', "domain imports Redis"],
    ["src/review/pipeline/x.ts", 'import { Queue } from "bullmq";', "domain imports BullMQ"],
    ["src/review/x.ts", 'import type { Octokit } from "@octokit/rest";', "domain imports Octokit"],
    ["src/review/conversation/x.ts", 'import WebSocket from "ws";', "domain imports ws"],
    [
      "src/review/conversation/x.ts",
      'import type { ConversationJob } from "../../queue/jobs.js";',
      "domain imports the queue",
    ],
    [
      "src/review/ledger/x.ts",
      'import { RedisLedgerStore } from "../../state/ledger-store.js";',
      "ledger rules import their store",
    ],
    [
      "src/review/x.ts",
      'import { ModelClient } from "../model/client.js";',
      "domain imports the model adapter",
    ],
    ["src/commands/x.ts", 'import { GitHubThreads } from "../github/threads.js";', "commands import GitHub"],
    ["src/webhooks/x.ts", 'import { ModelClient } from "../model/client.js";', "a handler imports the model"],
    ["src/state/x.ts", 'import { QUEUES } from "../queue/names.js";', "an adapter imports another"],
    ["src/github/x.ts", 'import type { PrState } from "../state/pr-state.js";', "an adapter imports another"],
    [
      "src/model/x.ts",
      'import { GitHubPublisher } from "../github/publisher.js";',
      "an adapter imports another",
    ],
    ["src/workers/x.ts", 'import { startWeb } from "../main/web.js";', "something imports main/"],
    ["src/workers/x.ts", 'import { PrState } from "../state/pr-state.js";', "a worker builds a store"],
    [
      "src/workers/x.ts",
      'import type { RedisLedgerStore } from "../state/ledger-store.js";',
      "a worker names a store's class",
    ],
    [
      "src/webhooks/x.ts",
      'import type { DeliveryClaims } from "../state/delivery-claims.js";',
      "a handler names a store's class",
    ],
    [
      "src/git/x.ts",
      'import { GitHubThreads } from "../github/threads.js";',
      "the local git adapter imports GitHub",
    ],
    [
      "src/review/pipeline/x.ts",
      'import { LocalGitReader } from "../../git/reader.js";',
      "domain imports the git adapter",
    ],
  ])("%s: `%s` fails (%s)", async (file, code) => {
    expect(await layerErrors(file, code)).toHaveLength(1);
  });

  it.each([
    ["src/review/pipeline/x.ts", 'import type { ReviewModel } from "../ports.js";'],
    ["src/review/pipeline/x.ts", 'import { fingerprint } from "../ledger/fingerprint.js";'],
    ["src/state/x.ts", 'import type { PullRequestRef } from "../review/ports.js";'],
    ["src/workers/x.ts", 'import type { PullRequestMemory } from "../review/pipeline/memory.js";'],
    ["src/workers/x.ts", 'import { closeRedis, type RedisClient } from "../state/connection.js";'],
    ["src/main/x.ts", 'import { PrState } from "../state/pr-state.js";'],
    ["src/webhooks/x.ts", 'import { enqueueMention } from "../queue/queues.js";'],
    ["src/main/x.ts", 'import { ModelClient } from "../model/client.js";'],
  ])("%s: `%s` is allowed", async (file, code) => {
    expect(await layerErrors(file, code)).toEqual([]);
  });
});
