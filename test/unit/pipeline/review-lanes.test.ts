import { describe, expect, it } from "vitest";
import { parseChangedFile, type FilePatch } from "../../../src/review/diff/index.js";
import { DEFAULT_REVIEW_SETTINGS, type ReviewSettings } from "../../../src/review/pipeline/context.js";
import { LaneGate } from "../../../src/review/pipeline/lane-gate.js";
import { LANE_ATTEMPTS } from "../../../src/review/pipeline/lane-retry.js";
import { reviewLanes, type LaneAnswer } from "../../../src/review/pipeline/review-lanes.js";
import { promptCacheKey } from "../../../src/review/pipeline/review-phase.js";
import type { ModelClientOptions } from "../../../src/model/options.js";
import type { PullRequestInfo } from "../../../src/review/ports.js";
import { REVIEW_INSTRUCTIONS } from "../../../src/review/prompt/instructions.js";
import type { ReceivedRequest, Scenario, Script } from "../../fakes/model/index.js";
import { finding, reviewAnswer } from "../../fakes/model/answers.js";
import { contentOf, setup } from "../model/helpers.js";

/**
 * A review's lanes over the real model client and the fake Responses server: side by side, each
 * with the same cacheable prefix and its own diffs, merged into one answer.
 */

function file(path: string): FilePatch {
  const added = Array.from({ length: 6 }, (_, i) => `+export const v${i} = compute(${i});`);
  return parseChangedFile({
    path,
    previousPath: null,
    status: "modified",
    patch: ["@@ -1,1 +1,7 @@", " // head", ...added].join("\n"),
    additions: 6,
    deletions: 0,
    changes: 6,
  });
}

const files = (n: number, dir = "src"): FilePatch[] =>
  Array.from({ length: n }, (_, i) => file(`${dir}/f${i}.ts`));

function info(number: number, title: string): PullRequestInfo {
  return {
    number,
    title,
    body: `Description of #${number}.`,
    draft: false,
    state: "open",
    author: "dana",
    headSha: "b".repeat(40),
    headRef: "feature",
    headRepoFullName: "acme/billing",
    baseSha: "a".repeat(40),
    baseRef: "main",
    baseRepoFullName: "acme/billing",
    defaultBranch: "main",
    maintainerCanModify: false,
  };
}

function settings(extra: Partial<ReviewSettings> = {}): ReviewSettings {
  return {
    ...DEFAULT_REVIEW_SETTINGS,
    model: "gpt-5.3-codex-spark",
    effort: "low",
    maxOutputTokens: 4_000,
    contextTokens: 128_000,
    trigger: "@codex",
    triggerWords: ["@codex"],
    ...extra,
  };
}

/** One finding on the first file a request shows. */
function answer(request: ReceivedRequest): string {
  const path = /## file: (\S+)/.exec(contentOf(request.body))?.[1] ?? "none";
  return reviewAnswer(
    [
      finding({
        title: `Issue in ${path}`,
        body: "Why.",
        confidence_score: 0.8,
        path,
        start_line: 2,
        original_code: "export const v0 = compute(0);",
      }),
    ],
    {
      overall_correctness: "patch is incorrect",
      overall_explanation: `Lane of ${path}.`,
      overall_confidence_score: 0.7,
    },
  );
}

const diffPart = (body: Record<string, unknown>): string =>
  contentOf(body).split("Diffs to review:")[1] ?? "";
const sharedPart = (body: Record<string, unknown>): string =>
  contentOf(body).split("Diffs to review:")[0] ?? "";

async function review(
  patches: FilePatch[],
  options: {
    settings?: Partial<ReviewSettings>;
    pr?: PullRequestInfo;
    repo?: string;
    ttftMs?: number;
    script?: Script;
    client?: Partial<ModelClientOptions>;
  } = {},
) {
  const { fake, client } = await setup(options.client ?? {}, {
    script: options.script ?? answer,
    behaviour: { ttftMs: options.ttftMs ?? 0 },
  });
  const lanes: LaneAnswer[] = [];
  const result = await reviewLanes(
    { model: client, settings: settings(options.settings) },
    {
      owner: "acme",
      info: options.pr ?? info(7, "Compute values"),
      allPaths: patches.map((p) => p.path),
      patches,
      promptCacheKey: promptCacheKey({ owner: "acme", repo: options.repo ?? "billing" }),
      signal: new AbortController().signal,
      onLane: (lane) => lanes.push(lane),
    },
  );
  return { fake, result, lanes };
}

describe("reviewLanes: lanes", () => {
  it("reviews a small pull request in one request", async () => {
    const { fake, result } = await review(files(3));
    expect(fake.requests).toHaveLength(1);
    expect(result.output.findings).toHaveLength(1);
  });

  it("runs the lanes of a larger one side by side and merges their answers", async () => {
    const { fake, result, lanes } = await review(files(8), { ttftMs: 150 });
    expect(fake.requests).toHaveLength(2);
    expect(fake.peakInFlight).toBe(2);
    expect(lanes.map((l) => l.patches.length).sort()).toEqual([4, 4]);
    expect(result.output.findings.map((f) => f.path).sort()).toEqual(["src/f0.ts", "src/f4.ts"]);
    expect(result.output.overall_explanation).toBe("Lane of src/f0.ts.\n\nLane of src/f4.ts.");
    expect(result.usage.outputTokens).toBeGreaterThan(0);
  });

  it("gives every lane the same instructions, cache key and leading context, and only its own diffs", async () => {
    const { fake } = await review(files(8));
    const [a, b] = fake.requests.map((r) => r.body);
    expect(a?.instructions).toBe(REVIEW_INSTRUCTIONS);
    expect(b?.instructions).toBe(REVIEW_INSTRUCTIONS);
    expect([a?.prompt_cache_key, b?.prompt_cache_key]).toEqual([
      "codex-review:acme/billing",
      "codex-review:acme/billing",
    ]);
    expect(sharedPart(a ?? {})).toBe(sharedPart(b ?? {}));
    expect(sharedPart(a ?? {})).toContain("src/f7.ts");
    const own = (body: Record<string, unknown> | undefined) =>
      [...diffPart(body ?? {}).matchAll(/## file: (\S+)/g)].map((m) => m[1]);
    expect([...own(a), ...own(b)].sort()).toEqual(
      files(8)
        .map((p) => p.path)
        .sort(),
    );
    expect(own(a)).toHaveLength(4);
  });

  it("keeps the instructions and the cache key the same across a repository's pull requests", async () => {
    const first = await review(files(1), { pr: info(7, "One change") });
    const second = await review(files(2, "lib"), { pr: info(8, "Another change, by someone else") });
    const other = await review(files(1), { repo: "payroll" });
    const body = (r: { fake: { requests: ReceivedRequest[] } }) => r.fake.requests[0]?.body ?? {};
    expect(body(second).instructions).toBe(body(first).instructions);
    expect(body(second).prompt_cache_key).toBe(body(first).prompt_cache_key);
    expect(body(other).prompt_cache_key).toBe("codex-review:acme/payroll");
    expect(String(body(first).instructions)).not.toContain("One change");
  });

  it("reviews file by file, one request after the other, with a one-file, one-lane policy", async () => {
    const { fake } = await review(files(3), {
      settings: { laneMaxFiles: 1, laneConcurrency: 1, maxLanes: 100 },
    });
    expect(fake.requests).toHaveLength(3);
    expect(fake.peakInFlight).toBe(1);
  });

  it("plans no more lanes than the process's gate lets one installation run at once", async () => {
    const { fake } = await review(files(12), {
      settings: { laneGate: new LaneGate({ perInstallation: 2 }) },
    });
    expect(fake.requests).toHaveLength(2);
    expect(fake.peakInFlight).toBe(2);
  });

  it("gives a file of ordinary size a lane of its own, all streaming at once", async () => {
    const big = (path: string): FilePatch => {
      const added = Array.from({ length: 24 }, (_, i) => `+export const v${i} = compute(${i});`);
      return parseChangedFile({
        path,
        previousPath: null,
        status: "modified",
        patch: ["@@ -1,1 +1,25 @@", " // head", ...added].join("\n"),
        additions: 24,
        deletions: 0,
        changes: 24,
      });
    };
    const { fake, lanes } = await review(
      Array.from({ length: 6 }, (_, i) => big(`src/g${i}.ts`)),
      { ttftMs: 100 },
    );
    expect(fake.requests).toHaveLength(6);
    expect(fake.peakInFlight).toBe(6);
    expect(lanes.map((l) => l.patches.length)).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it("asks a failed lane again alone and keeps its siblings' answers", async () => {
    // Three lanes (f0, f2, f6 first, in path order); the f2 lane's socket drops mid-answer, the f6 lane is refused with a short 429.
    const failures = new Map<string, Scenario>([
      ["src/f2.ts", { kind: "drop", closeCode: 1006, afterDeltas: 3 }],
      [
        "src/f6.ts",
        { kind: "error", shape: "request", status: 429, code: "rate_limit_exceeded", retryAfter: "0.05" },
      ],
    ]);
    const script: Script = (request) => {
      const path = /## file: (\S+)/.exec(diffPart(request.body))?.[1] ?? "";
      const failure = failures.get(path);
      failures.delete(path);
      return failure ?? answer(request);
    };
    // One socket per lane: a dropped socket ends every stream it carries, so lanes sharing the
    // dropped one would be asked again too, depending on how far each had got.
    const client = { maxSockets: 3, maxInFlightPerSocket: 1 };
    const { fake, result } = await review(files(12), { ttftMs: 20, script, client });
    const lanesAsked = fake.requests.map((r) => /## file: (\S+)/.exec(diffPart(r.body))?.[1]);
    // One request per lane, and one more for each failed lane only.
    expect(lanesAsked.sort()).toEqual(["src/f0.ts", "src/f2.ts", "src/f2.ts", "src/f6.ts", "src/f6.ts"]);
    expect(result.calls).toBe(5);
    expect(result.output.findings.map((f) => f.path).sort()).toEqual(["src/f0.ts", "src/f2.ts", "src/f6.ts"]);
  });

  it("gives up on a lane that keeps failing, and abandons its siblings", async () => {
    const script: Script = (request) =>
      diffPart(request.body).includes("## file: src/f4.ts")
        ? { kind: "error", shape: "request", status: 500, code: "server_error" }
        : answer(request);
    let asked = 0;
    const counting: Script = (request) => {
      if (diffPart(request.body).includes("## file: src/f4.ts")) asked += 1;
      return script(request);
    };
    await expect(review(files(8), { ttftMs: 20, script: counting })).rejects.toMatchObject({
      retryable: true,
    });
    expect(asked).toBe(LANE_ATTEMPTS);
  });

  it("hands over each finding as it streams, before its lane has ended", async () => {
    const { client } = await setup({}, { script: answer, behaviour: { ttftMs: 0, tokensPerSecond: 400 } });
    const events: string[] = [];
    await reviewLanes(
      { model: client, settings: settings() },
      {
        owner: "acme",
        info: info(7, "Compute values"),
        allPaths: files(8).map((p) => p.path),
        patches: files(8),
        promptCacheKey: promptCacheKey({ owner: "acme", repo: "billing" }),
        signal: new AbortController().signal,
        onPlan: (plan) => events.push(`plan of ${plan.lanes.length}`),
        onFinding: (finding) => events.push(`finding ${finding.path}`),
        onLane: (lane) => events.push(`lane ${lane.patches[0]?.path}`),
      },
    );
    expect(events[0]).toBe("plan of 2");
    for (const path of ["src/f0.ts", "src/f4.ts"]) {
      expect(events.indexOf(`finding ${path}`)).toBeGreaterThan(0);
      expect(events.indexOf(`finding ${path}`)).toBeLessThan(events.indexOf(`lane ${path}`));
    }
  });
});
