import { describe, expect, it } from "vitest";
import type { Finding } from "../../../../src/review/findings/schema.js";
import type { PlacedFinding, PlacedFix, UnplacedFinding } from "../../../../src/review/findings/types.js";
import { openFenceAtEnd } from "../../../../src/review/render/markdown.js";
import { renderReview, type RenderInput } from "../../../../src/review/render/review.js";
import { ZERO_WIDTH_JOINER as ZWJ } from "../../../../src/review/render/sanitize.js";
import { finding, githubProblems, loadFixture } from "../fixtures.js";

const MARKER = "<!-- codex-spark-bot:review acme/widgets#7@abc123 -->";
const ts = loadFixture("ts-rate-limiter");

function placed(
  start: number,
  end: number,
  fix: PlacedFix = { kind: "none", reason: null },
  extra: Partial<Finding> = {},
): PlacedFinding {
  const f = finding({ path: ts.patch.path, start_line: start, end_line: end, original_code: "x", ...extra });
  return {
    finding: f,
    path: ts.patch.path,
    startLine: start,
    endLine: end,
    anchor: "exact",
    original: ["old"],
    fix,
  };
}

function unplaced(extra: Partial<Finding> = {}, fix: UnplacedFinding["fix"] = null): UnplacedFinding {
  const f = finding({
    path: "src/gone.ts",
    start_line: 40,
    end_line: 42,
    original_code: "a\nb\nc",
    ...extra,
  });
  return {
    finding: f,
    code: "quote_not_found",
    reason: "the quoted lines are not among the lines this pull request changes or shows",
    fix,
  };
}

function render(partial: Partial<RenderInput> = {}, options: Partial<RenderInput["options"]> = {}) {
  return renderReview({
    placed: [],
    unplaced: [],
    overall: {
      overall_correctness: "patch is incorrect",
      overall_explanation: "The sweep races with refill.",
      overall_confidence_score: 0.7,
    },
    notReviewed: [],
    ...partial,
    options: { marker: MARKER, ...options },
  });
}

describe("renderReview: inline comments", () => {
  it("puts a single line on `line` and `side` only, a range on start_line/start_side too", () => {
    const { comments } = render({ placed: [placed(63, 63), placed(66, 68)] });
    expect(comments[0]).toEqual({ path: ts.patch.path, body: expect.any(String), line: 63, side: "RIGHT" });
    expect(comments[1]).toEqual({
      path: ts.patch.path,
      body: expect.any(String),
      start_line: 66,
      start_side: "RIGHT",
      line: 68,
      side: "RIGHT",
    });
  });

  it.each([
    [0, "**[P0]** Handle the empty case\n\nThis breaks when the input is empty."],
    [3, "**[P3]** Handle the empty case\n\nThis breaks when the input is empty."],
    [null, "Handle the empty case\n\nThis breaks when the input is empty."],
  ])("starts with the priority tag for priority %s", (priority, body) => {
    expect(render({ placed: [placed(63, 63, undefined, { priority })] }).comments[0]?.body).toBe(body);
  });

  it("ends with a suggestion block whose fence no backtick run in the code can close", () => {
    const fix: PlacedFix = { kind: "suggestion", lines: ["const md = '```js';", "const s = `x`;"] };
    const body = render({ placed: [placed(63, 64, fix)] }).comments[0]?.body ?? "";
    expect(body.endsWith("````suggestion\nconst md = '```js';\nconst s = `x`;\n````")).toBe(true);
  });

  it("renders an empty suggestion for a deletion", () => {
    const body =
      render({ placed: [placed(63, 64, { kind: "suggestion", lines: [] })] }).comments[0]?.body ?? "";
    expect(body.endsWith("```suggestion\n```")).toBe(true);
  });

  it("shows a refused fix as a diff, with the reason", () => {
    const fix: PlacedFix = {
      kind: "diff",
      original: ["a", "b"],
      replacement: ["a", "c"],
      reason: "the file would no longer parse with this change",
    };
    const body = render({ placed: [placed(63, 64, fix)] }).comments[0]?.body ?? "";
    expect(body).toContain(
      "_Suggested fix, not offered for commit because the file would no longer parse with this change:_",
    );
    expect(body).toContain("```diff\n  a\n- b\n+ c\n```");
    expect(body).not.toContain("suggestion\n");
  });

  it("keeps the most important findings inline, up to the cap, and lists the rest in the body", () => {
    const many = Array.from({ length: 30 }, (_, i) =>
      placed(63, 63, undefined, { title: `finding ${i}`, priority: i % 4 }),
    );
    const { comments, body } = render({ placed: many }, { maxInlineComments: 25 });
    expect(comments).toHaveLength(25);
    const tags = comments.map((c) => Number(/\[P(\d)\]/.exec(c.body)?.[1]));
    expect(tags).toEqual([...tags].sort());
    expect(body.match(/over the limit of 25 inline comments/g)).toHaveLength(5);
    expect(body).toContain("Findings: 25 inline, 5 listed below.");
  });

  it("folds findings below inlineUpToPriority into a collapsed section, linked to their lines", () => {
    const { comments, body } = render(
      {
        placed: [
          placed(63, 63, undefined, { priority: 1 }),
          placed(64, 66, undefined, { priority: 3, title: "nit" }),
          placed(65, 65, undefined, { priority: null, title: "no priority" }),
        ],
      },
      {
        inlineUpToPriority: 2,
        links: { pullUrl: "https://github.com/acme/widgets/pull/7", headSha: "abc123" },
      },
    );
    expect(comments).toHaveLength(1);
    expect(body).toContain("Findings: 1 inline, 2 listed below.");
    expect(body).not.toContain("#### Findings not posted inline");
    const folded = body.slice(body.indexOf("<details>"), body.indexOf("</details>") + 10);
    expect(folded.split("\n").slice(0, 4)).toEqual([
      "<details>",
      "<summary>2 lower-priority findings</summary>",
      "",
      "**[P3]** nit",
    ]);
    expect(folded).toContain(
      "[`src/limits/rate-limiter.ts` lines 64–66](https://github.com/acme/widgets/blob/abc123/src/limits/rate-limiter.ts#L64-L66) · _below the priority shown inline_",
    );
    expect(folded).toContain("no priority\n[`src/limits/rate-limiter.ts` line 65](");
    expect(body.indexOf("</details>")).toBeLessThan(body.indexOf(MARKER));
  });

  it("keeps what could not go inline in sight, above the folded lower priorities", () => {
    const { body } = render(
      { placed: [placed(64, 64, undefined, { priority: 2, title: "minor" })], unplaced: [unplaced()] },
      { inlineUpToPriority: 1 },
    );
    expect(body.indexOf("#### Findings not posted inline")).toBeLessThan(body.indexOf("<details>"));
    expect(body.slice(body.indexOf("<details>"))).toContain("**[P2]** minor");
  });

  it("percent-encodes the path in a line link", () => {
    const p = { ...placed(2, 2, undefined, { priority: 3 }), path: "docs/a b/#x.md" };
    const { body } = render(
      { placed: [p] },
      { inlineUpToPriority: 1, links: { pullUrl: "https://ghe.local/o/r/pull/1/", headSha: "s" } },
    );
    expect(body).toContain("(https://ghe.local/o/r/blob/s/docs/a%20b/%23x.md#L2)");
  });

  it("gives overlapping suggestions to the more important finding only", () => {
    const a = placed(63, 64, { kind: "suggestion", lines: ["x"] }, { priority: 2, deletes_lines: true });
    const b = placed(64, 65, { kind: "suggestion", lines: ["y", "z"] }, { priority: 0 });
    const { comments } = render({ placed: [a, b] });
    expect(comments[0]?.body).toContain("```suggestion\ny\nz\n```");
    expect(comments[1]?.body).toContain("another suggestion covers these lines");
    expect(comments[1]?.body).not.toContain("```suggestion");
  });

  it("posts the same finding once", () => {
    expect(render({ placed: [placed(63, 63), placed(63, 63)] }).comments).toHaveLength(1);
  });

  it("sanitizes the model's title and body", () => {
    const body = render({
      placed: [placed(63, 63, undefined, { title: "Ping @octocat <b>", body: "@codex <script>x</script>" })],
    }).comments[0]?.body;
    expect(body).toBe(`**[P1]** Ping @${ZWJ}octocat &lt;b>\n\n@${ZWJ}codex &lt;script>x&lt;/script>`);
  });

  it("keeps a huge comment under GitHub's limit without cutting its suggestion", () => {
    const fix: PlacedFix = { kind: "suggestion", lines: ["    return 0;"] };
    const body =
      render({
        placed: [
          placed(63, 63, fix, { body: `${"word ".repeat(20_000)}\n\`\`\`\n${"code\n".repeat(5_000)}` }),
        ],
      }).comments[0]?.body ?? "";
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body.endsWith("```suggestion\n    return 0;\n```")).toBe(true);
    expect(openFenceAtEnd(body)).toBeNull();
    expect(body).toContain("truncated");
  });

  it("produces only comments GitHub accepts for the real patch", () => {
    const { comments } = render({ placed: [placed(63, 63), placed(66, 79), placed(1, 3)] });
    const patches = new Map([[ts.patch.path, ts.patch]]);
    expect(comments.flatMap((c) => githubProblems(c, patches))).toEqual([]);
  });
});

describe("renderReview: body", () => {
  it("has the summary, the findings not placed with their fix, the files not reviewed, and the marker last", () => {
    const { body } = render(
      {
        placed: [placed(63, 63)],
        unplaced: [
          unplaced({ title: "Off-by-one" }, { original: ["a", "b", "c"], replacement: ["a", "B", "c"] }),
        ],
        notReviewed: [
          { path: "package-lock.json", reason: "skipped by default: lockfile" },
          { path: "assets/logo.png", reason: "binary, or a diff too large for GitHub to show" },
        ],
      },
      { headerLines: ["model gpt-5.3-codex-spark", "head abc123"] },
    );
    expect(body).toMatchSnapshot();
    expect(body.endsWith(MARKER)).toBe(true);
    expect(body).toContain("**Patch is incorrect** (confidence 0.70). Findings: 1 inline, 1 listed below.");
    expect(body).toContain(
      "**[P1]** Off-by-one\n`src/gone.ts` cited lines 40–42 · _not placed inline: the quoted lines are not among",
    );
    expect(body).toContain("```diff\n  a\n- b\n+ B\n  c\n```");
    expect(body).toContain("- `package-lock.json`: skipped by default: lockfile");
  });

  it("says so when there are no findings", () => {
    const { body, comments } = render({
      overall: {
        overall_correctness: "patch is correct",
        overall_explanation: "",
        overall_confidence_score: 0.9,
      },
    });
    expect(comments).toEqual([]);
    expect(body).toBe(`### Code review\n\n**Patch is correct** (confidence 0.90). No findings.\n\n${MARKER}`);
  });

  it("stays under GitHub's limit with closed fences and the marker whatever the model wrote", () => {
    const long = `${"Because ".repeat(600)}\n\n\`\`\`ts\n${"x();\n".repeat(800)}`;
    const unplacedMany = Array.from({ length: 300 }, (_, i) =>
      unplaced({ title: `finding ${i}`, body: long }, { original: ["a"], replacement: ["b".repeat(2_000)] }),
    );
    const notReviewed = Array.from({ length: 3_000 }, (_, i) => ({
      path: `vendor/pkg${i}/index.js`,
      reason: "skipped by default: vendored",
    }));
    const { body } = render({
      unplaced: unplacedMany,
      notReviewed,
      overall: {
        overall_correctness: "patch is incorrect",
        overall_explanation: long.repeat(5),
        overall_confidence_score: 0.5,
      },
    });
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body.endsWith(MARKER)).toBe(true);
    expect(openFenceAtEnd(body)).toBeNull();
    expect(body).toMatch(/_… \d+ more findings not shown: GitHub's size limit._/);
    expect(body).toMatch(/- … and \d+ more files \(list cut to fit GitHub's size limit\)/);
    expect(body).toContain("<summary>3000 files not reviewed</summary>");
  });
});
