import { describe, expect, it } from "vitest";
import type { ModelUsage } from "../../../../src/review/ports.js";
import {
  checkConclusion,
  formatCount,
  formatUtcTime,
  renderCheckCompleted,
  renderCheckFailed,
  renderCheckInProgress,
  renderCheckQueued,
  renderCheckRetrying,
  renderCheckSkipped,
  type CheckCompletedInput,
  type CheckFinding,
} from "../../../../src/review/render/check-run.js";
import { ZERO_WIDTH_JOINER as ZWJ } from "../../../../src/review/render/sanitize.js";

const FULL = { mode: "full", quiet: false } as const;
const QUIET_INCREMENTAL = { mode: "incremental", quiet: true } as const;
const USAGE: ModelUsage = {
  inputTokens: 123_456,
  cachedInputTokens: 100_000,
  outputTokens: 2_345,
  reasoningTokens: 1_200,
};

const inline = (priority: number | null): CheckFinding => ({ priority, placement: "inline" });
const body = (priority: number | null): CheckFinding => ({ priority, placement: "body" });

function completed(overrides: Partial<CheckCompletedInput> = {}): CheckCompletedInput {
  return {
    pass: FULL,
    findings: [],
    filesReviewed: 12,
    notReviewed: [],
    model: "gpt-5.3-codex-spark",
    durationMs: 8_421,
    usage: USAGE,
    ...overrides,
  };
}

describe("renderCheckQueued", () => {
  it.each([
    [FULL, undefined, "Queued: full review", "A full review of this pull request will start shortly."],
    [
      { mode: "incremental", quiet: false } as const,
      0,
      "Queued: incremental review",
      "An incremental review of this pull request will start shortly. It covers the commits pushed since the last reviewed commit.",
    ],
    [
      QUIET_INCREMENTAL,
      30,
      "Queued: quiet incremental review",
      "A quiet incremental review of this pull request will start after 30 seconds without further pushes, so a burst of pushes gets one review. It covers the commits pushed since the last reviewed commit. The pull request is a draft: only the most important findings are posted inline.",
    ],
  ])("%j, debounce %j", (pass, debounceSeconds, title, summary) => {
    expect(renderCheckQueued(pass, { debounceSeconds })).toEqual({ title, summary });
  });
});

describe("renderCheckInProgress", () => {
  it.each([
    [
      1,
      "Reviewing 1 file",
      "Full review of 1 file with `gpt-5.3-codex-spark`. The findings will be posted as one review on the pull request.",
    ],
    [
      1_204,
      "Reviewing 1,204 files",
      "Full review of 1,204 files with `gpt-5.3-codex-spark`. The findings will be posted as one review on the pull request.",
    ],
  ])("%i files", (files, title, summary) => {
    expect(renderCheckInProgress({ pass: FULL, files, model: "gpt-5.3-codex-spark" })).toEqual({
      title,
      summary,
    });
  });

  it("keeps a strange model id inert", () => {
    const { summary } = renderCheckInProgress({ pass: FULL, files: 2, model: "x` @codex [a](b)" });
    expect(summary).toBe(
      `Full review of 2 files with \`\`x\` @${ZWJ}codex [a](b)\`\`. The findings will be posted as one review on the pull request.`,
    );
  });
});

describe("checkConclusion", () => {
  it.each([
    ["no findings", [], "neutral", "success"],
    ["P2 and P3 only", [inline(2), body(3), body(null)], "failure", "success"],
    ["a P1 in the body", [body(1)], "neutral", "neutral"],
    ["a P0", [inline(0)], "neutral", "neutral"],
    ["a P0 with onP0 failure", [inline(0), inline(2)], "failure", "failure"],
    ["a P1 with onP0 failure", [inline(1)], "failure", "neutral"],
  ] as const)("%s → %s", (_label, findings, onP0, conclusion) => {
    expect(checkConclusion(findings, onP0)).toBe(conclusion);
  });
});

describe("renderCheckCompleted", () => {
  it("reports a review without findings", () => {
    expect(renderCheckCompleted(completed())).toEqual({
      conclusion: "success",
      title: "Full review: no findings",
      summary: [
        "Full review of 12 files with `gpt-5.3-codex-spark` in 8.4 s.",
        "",
        "No findings.",
        "",
        "Files: all changed files reviewed.",
        "Tokens: 123,456 input (100,000 cached), 2,345 output (1,200 reasoning).",
      ].join("\n"),
      text: "Every changed file was reviewed.",
    });
  });

  it("counts by priority, inline and in the body, and names what was not reviewed", () => {
    const out = renderCheckCompleted(
      completed({
        pass: QUIET_INCREMENTAL,
        findings: [inline(0), inline(1), body(2), body(2), body(3), body(null), inline(null)],
        filesReviewed: 3,
        notReviewed: [
          { path: "package-lock.json", reason: "skipped by default: lockfile" },
          { path: "src/big.ts", reason: "head lines 10-900: one hunk is larger than the model's context" },
        ],
        durationMs: 950,
        onP0: "failure",
        guidelineSources: ["AGENTS.md", "packages/api/AGENTS.md"],
      }),
    );
    expect(out.conclusion).toBe("failure");
    expect(out.title).toBe(
      "Quiet incremental review: 7 findings (1 P0, 1 P1, 2 P2, 1 P3, 2 without priority)",
    );
    expect(out.summary).toBe(
      [
        "Quiet incremental review of 3 files with `gpt-5.3-codex-spark` in 0.9 s. It covers the commits pushed since the last reviewed commit. The pull request is a draft: only the most important findings are posted inline.",
        "",
        "| Priority | Inline | In the review body |",
        "| --- | ---: | ---: |",
        "| P0 | 1 | 0 |",
        "| P1 | 1 | 0 |",
        "| P2 | 0 | 2 |",
        "| P3 | 0 | 1 |",
        "| No priority | 1 | 1 |",
        "| **Total** | **3** | **4** |",
        "",
        "Files: 3 reviewed, 2 not reviewed (listed below, with the reason).",
        "Tokens: 123,456 input (100,000 cached), 2,345 output (1,200 reasoning).",
        "Review guidelines from `AGENTS.md`, `packages/api/AGENTS.md`.",
      ].join("\n"),
    );
    expect(out.text).toBe(
      [
        "### Not reviewed (2)",
        "",
        "- `package-lock.json`: skipped by default: lockfile",
        "- `src/big.ts`: head lines 10-900: one hunk is larger than the model's context",
      ].join("\n"),
    );
  });

  it("shows the config problems, inert", () => {
    const out = renderCheckCompleted(
      completed({
        findings: [inline(3)],
        configPath: ".github/codex.yaml",
        configProblems: [
          "debounceSeconds: must be at most 600 (using the default: 30)",
          "[click](https://evil.example) @admin <b>: unknown key, ignored",
        ],
      }),
    );
    expect(out.title).toBe("Full review: 1 finding (1 P3)");
    expect(out.summary.split("\n\n")[1]).toBe(
      [
        "**`.github/codex.yaml` has problems**; defaults are used where a value is invalid:",
        "- debounceSeconds: must be at most 600 (using the default: 30)",
        `- [click]${ZWJ}(https:${ZWJ}//evil.example) @${ZWJ}admin &lt;b>: unknown key, ignored`,
      ].join("\n"),
    );
  });

  it("sanitizes paths and reasons of files not reviewed", () => {
    const { text } = renderCheckCompleted(
      completed({ notReviewed: [{ path: "docs/@codex`x`.md", reason: "see www.example.com <img>" }] }),
    );
    expect(text).toBe(
      `### Not reviewed (1)\n\n- \`\`docs/@${ZWJ}codex\`x\`.md\`\`: see www${ZWJ}.example.com &lt;img>`,
    );
  });

  it("cuts a list of thousands of files to fit GitHub's limit, saying how many are left out", () => {
    const notReviewed = Array.from({ length: 3_000 }, (_, i) => ({
      path: `generated/deeply/nested/directory/file-${i}.generated.ts`,
      reason: "skipped by default: generated",
    }));
    const { text } = renderCheckCompleted(completed({ notReviewed }));
    expect(text.length).toBeLessThanOrEqual(65_535);
    expect(text).toMatch(/\n- … and [\d,]+ more files \(list cut to fit GitHub's size limit\)$/);
  });

  it("counts the files beyond GitHub's listing, never claiming every file was reviewed", () => {
    const out = renderCheckCompleted(completed({ unlistedFiles: 1_204 }));
    const line =
      "1,204 more files beyond GitHub's 3,000-file listing were not reviewed: GitHub does not name them.";
    expect(out.summary).toContain(`Files: all listed files reviewed. ${line}`);
    expect(out.text).toBe(`### Not listed by GitHub\n\n${line}`);
    const both = renderCheckCompleted(
      completed({ unlistedFiles: 1, notReviewed: [{ path: "a.bin", reason: "binary" }] }),
    );
    expect(both.summary).toContain(
      "Files: 12 reviewed, 1 not reviewed (listed below, with the reason). 1 more file beyond GitHub's 3,000-file listing was not reviewed",
    );
    expect(both.text).toMatch(
      /^### Not listed by GitHub\n\n.*\n\n### Not reviewed \(1\)\n\n- `a.bin`: binary$/,
    );
  });

  it("names the files beyond GitHub's listing when their paths are known", () => {
    const out = renderCheckCompleted(
      completed({ unlistedFiles: 2, unlistedPaths: ["z/a.ts", "z/@codex.ts"] }),
    );
    expect(out.summary).toContain(
      "2 more files beyond GitHub's 3,000-file listing were not reviewed (named below).",
    );
    expect(out.text).toBe(
      [
        "### Not listed by GitHub",
        "2 more files beyond GitHub's 3,000-file listing were not reviewed (named below).",
        [
          "- `z/a.ts`: beyond GitHub's 3,000-file listing: never shown to the review",
          `- \`z/@${ZWJ}codex.ts\`: beyond GitHub's 3,000-file listing: never shown to the review`,
        ].join("\n"),
      ].join("\n\n"),
    );
  });

  it("says why a pass is full when an incremental one was due", () => {
    const out = renderCheckCompleted(completed({ fallback: "The changes touch 300 or more files." }));
    expect(out.summary.split("\n\n")[0]).toBe(
      "Full review of 12 files with `gpt-5.3-codex-spark` in 8.4 s. The changes touch 300 or more files.",
    );
  });
});

describe("renderCheckFailed", () => {
  it.each([
    [
      { reason: "model rate-limited", next: "retrying at 14:03 UTC" },
      "neutral",
      "Model rate-limited — retrying at 14:03 UTC",
      "**The review could not be completed: model rate-limited.**\n\nNext: retrying at 14:03 UTC.",
    ],
    [
      { reason: "model id not available to this key", next: null, needsAction: true },
      "failure",
      "Model id not available to this key",
      "**The review could not be completed: model id not available to this key.**\n\nNo retry is scheduled; this needs fixing first.",
    ],
    [
      { reason: "model timed out.", next: null },
      "neutral",
      "Model timed out.",
      "**The review could not be completed: model timed out.**\n\nNo retry is scheduled.",
    ],
  ] as const)("%j", (input, conclusion, title, summary) => {
    expect(renderCheckFailed(input)).toEqual({ conclusion, title, summary });
  });

  it("lists config problems and keeps untrusted text from mentioning or re-triggering", () => {
    const out = renderCheckFailed({
      reason: "`.github/codex.yml` invalid",
      next: "fix the file, then comment @codex review",
      configProblems: ["not valid YAML, using the defaults: Map keys must be unique at line 2, column 1"],
    });
    expect(out).toEqual({
      conclusion: "neutral",
      title: `.github/codex.yml invalid — fix the file, then comment @${ZWJ}codex review`,
      summary: [
        "**The review could not be completed: `.github/codex.yml` invalid.**",
        "",
        `Next: fix the file, then comment @${ZWJ}codex review.`,
        "",
        "**`.github/codex.yml` has problems**; defaults are used where a value is invalid:",
        "- not valid YAML, using the defaults: Map keys must be unique at line 2, column 1",
      ].join("\n"),
    });
  });

  it("bounds a long reason in the title", () => {
    const { title } = renderCheckFailed({ reason: `upstream said: ${"x".repeat(500)}\n@team`, next: null });
    expect(title).toHaveLength(120);
    expect(title).toMatch(/^Upstream said: x+…$/);
  });
});

describe("renderCheckRetrying", () => {
  it.each([
    [
      { reason: "model rate-limited", retryAt: new Date("2025-05-01T14:03:59Z"), attempt: 2, maxAttempts: 4 },
      "Model rate-limited — retrying at 14:03 UTC",
      "**Model rate-limited.** The review will be tried again at 14:03 UTC (attempt 2 of 4).",
    ],
    [
      { reason: "GitHub unavailable.", retryAt: new Date("2025-05-01T00:07:00+02:00") },
      "GitHub unavailable. — retrying at 22:07 UTC",
      "**GitHub unavailable.** The review will be tried again at 22:07 UTC.",
    ],
  ])("%j", (input, title, summary) => {
    expect(renderCheckRetrying(input)).toEqual({ title, summary });
  });
});

describe("renderCheckSkipped", () => {
  it.each([
    [
      { reason: "superseded", newerHeadSha: "0123456789abcdef0123456789abcdef01234567" },
      {
        conclusion: "neutral",
        title: "Superseded by 0123456",
        summary:
          "This commit was replaced by a newer commit (`0123456`) before its review was posted; the review moved there.",
      },
    ],
    [
      { reason: "superseded", newerHeadSha: "not a sha `@codex`" },
      {
        conclusion: "neutral",
        title: "Superseded by a newer commit",
        summary:
          "This commit was replaced by a newer commit before its review was posted; the review moved there.",
      },
    ],
    [
      { reason: "closed" },
      {
        conclusion: "cancelled",
        title: "Pull request closed",
        summary: "The pull request was closed before the review finished; nothing was posted.",
      },
    ],
  ] as const)("%j", (input, expected) => {
    expect(renderCheckSkipped(input)).toEqual(expected);
  });
});

describe("formatting", () => {
  it.each([
    [0, "0"],
    [999, "999"],
    [1_000, "1,000"],
    [1_234_567, "1,234,567"],
    [-5, "0"],
  ])("formatCount(%d) = %s", (n, text) => {
    expect(formatCount(n)).toBe(text);
  });

  it("formats times in UTC whatever the machine's zone", () => {
    expect(formatUtcTime(new Date(Date.UTC(2025, 0, 1, 9, 5)))).toBe("09:05 UTC");
  });
});
