import { describe, expect, it } from "vitest";
import {
  applyCommitMessage,
  coAuthorTrailer,
  commentTitle,
  parseSuggestionBlock,
  pushTarget,
  rangeFromDiffHunk,
  refusalText,
  renderApplyReply,
  staleHeadText,
} from "../../../../src/review/apply/index.js";
import { ZERO_WIDTH_JOINER as ZWJ } from "../../../../src/review/render/sanitize.js";
import { safe, safetyReport } from "../../../fixtures/injection/safety.js";

describe("parseSuggestionBlock", () => {
  it.each([
    ["one block", "text\n```suggestion\na\nb\n```", { kind: "one", lines: ["a", "b"] }],
    ["an empty block deletes", "```suggestion\n```", { kind: "one", lines: [] }],
    ["a blank line is a line", "```suggestion\n\n```", { kind: "one", lines: [""] }],
    ["a longer fence", "````suggestion\n```\n````", { kind: "one", lines: ["```"] }],
    ["a tilde fence", "~~~suggestion\nx\n~~~", { kind: "one", lines: ["x"] }],
    ["CRLF body", "```suggestion\r\nx\r\n```\r\n", { kind: "one", lines: ["x"] }],
    ["a diff block is not one", "```diff\n- a\n+ b\n```", { kind: "none" }],
    ["a block inside another", "````md\n```suggestion\nx\n```\n````", { kind: "none" }],
    ["two blocks", "```suggestion\na\n```\n```suggestion\nb\n```", { kind: "several" }],
    ["never closed", "```suggestion\na", { kind: "unterminated" }],
    ["a shorter fence does not close", "````suggestion\na\n```", { kind: "unterminated" }],
  ])("%s", (_name, body, expected) => {
    expect(parseSuggestionBlock(body)).toEqual(expected);
  });
});

describe("rangeFromDiffHunk", () => {
  const hunk = ["@@ -10,4 +10,5 @@ fn()", " a", "-b", "+B", "+C", " d", "\\ No newline at end of file"].join(
    "\n",
  );
  it.each<[number, number, string[] | null]>([
    [10, 10, ["a"]],
    [11, 12, ["B", "C"]],
    [10, 13, ["a", "B", "C", "d"]],
    [13, 14, null],
    [9, 10, null],
    [12, 11, null],
  ])("lines %i–%i", (start, end, expected) => {
    expect(rangeFromDiffHunk(hunk, start, end)).toEqual(expected);
  });

  it("drops the CR of CRLF files and refuses a hunk without a header", () => {
    expect(rangeFromDiffHunk("@@ -1 +1 @@\n x\r", 1, 1)).toEqual(["x"]);
    expect(rangeFromDiffHunk(" x", 1, 1)).toBeNull();
  });
});

describe("commentTitle", () => {
  it.each([
    ["**[P1]** Fix the bound\n\nbody", "Fix the bound"],
    ["\n\nPlain first line", "Plain first line"],
    ["```suggestion\nx\n```\nafter", "after"],
    ["**[P2]** Handle `a &lt; b` for max_retries", "Handle `a < b` for max_retries"],
    ["Fixes #12, see GH-3 and acme/x#4", `Fixes #${ZWJ}12, see GH-${ZWJ}3 and acme/x#${ZWJ}4`],
    [`cc @alice and @${ZWJ}bob`, `cc @${ZWJ}alice and @${ZWJ}bob`],
    ["x".repeat(100), `${"x".repeat(71)}…`],
  ])("%j", (body, expected) => {
    expect(commentTitle(body)).toBe(expected);
  });
});

describe("applyCommitMessage", () => {
  const a = { commentId: 1, path: "src/a.ts", startLine: 3, endLine: 3, title: "Fix the bound" };
  const b = { commentId: 2, path: "src/b.ts", startLine: 4, endLine: 6, title: "" };

  it("names the count, lists each suggestion and credits the requester", () => {
    expect(applyCommitMessage([a, b], { login: "mona", id: 583231 })).toBe(
      [
        "Apply 2 suggestions from code review",
        "",
        "- src/a.ts, line 3: Fix the bound",
        "- src/b.ts, lines 4-6",
        "",
        "Co-authored-by: mona <583231+mona@users.noreply.github.com>",
      ].join("\n"),
    );
  });

  it("closes no issue, whatever the path or the finding's title says", () => {
    const path = {
      ...a,
      path: "docs/closes #3.md",
      title: commentTitle("**[P1]** Fixes #4 and resolves o/r#5"),
    };
    const url = { ...b, path: "FIXED https://github.com/o/r/issues/6.md" };
    const message = applyCommitMessage([path, url], null);
    expect(message).toBe(
      [
        "Apply 2 suggestions from code review",
        "",
        `- docs/closes #${ZWJ}3.md, line 3: Fixes #${ZWJ}4 and resolves o/r#${ZWJ}5`,
        `- FIXED https:/${ZWJ}/github.com/o/r/issues/6.md, lines 4-6`,
      ].join("\n"),
    );
    // GitHub closes an issue for a keyword followed by a live reference: none is left.
    expect(message).not.toMatch(/(close|fix|resolve)[sd]?\s*:?\s+(?:[\w.-]+\/[\w.-]+)?#\d/i);
    expect(message).not.toMatch(/https?:\/\/\S+\/issues\/\d/);
  });

  it("uses the singular and leaves the trailer out without a requester", () => {
    expect(applyCommitMessage([a], null)).toBe(
      "Apply 1 suggestion from code review\n\n- src/a.ts, line 3: Fix the bound",
    );
  });

  it.each([
    [{ login: "mona", id: 1 }, "Co-authored-by: mona <1+mona@users.noreply.github.com>"],
    [
      { login: "dependabot[bot]", id: 49699333 },
      "Co-authored-by: dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>",
    ],
    [{ login: "evil\nSigned-off-by: x", id: 1 }, null],
    [{ login: "mona", id: 0 }, null],
    [{ login: "-mona", id: 1 }, null],
  ])("trailer for %j", (requester, expected) => {
    expect(coAuthorTrailer(requester)).toBe(expected);
  });
});

describe("renderApplyReply", () => {
  it("says what was committed and what was skipped", () => {
    const body = renderApplyReply({
      commitSha: "abcdef1234567890",
      headSha: "1234567890abcdef",
      applied: [{ commentId: 1, path: "src/a.ts", startLine: 3, endLine: 5, title: "Fix <b> for @alice" }],
      skipped: [{ commentId: 2, path: "src/b.ts", reason: "already applied" }],
    });
    expect(body).toBe(
      [
        "Committed 1 suggestion in abcdef1:",
        "",
        `- \`src/a.ts\` lines 3–5: Fix &lt;b> for @${ZWJ}alice`,
        "",
        "Skipped 1:",
        "",
        "- `src/b.ts` (comment 2): already applied",
      ].join("\n"),
    );
    expect(safetyReport(body)).toEqual(safe(0));
  });

  it("says when there is nothing to apply", () => {
    expect(renderApplyReply({ commitSha: null, headSha: "1234567890", applied: [], skipped: [] })).toBe(
      "Nothing to apply: none of my suggestions still applies to 1234567.",
    );
  });
});

describe("refusals", () => {
  it.each([
    "fork_without_maintainer_edits",
    "head_repository_gone",
    "head_branch_missing",
    "missing_contents_write",
  ] as const)("%s has a reply", (reason) => {
    expect(refusalText(reason)).toMatch(/^I can't commit/);
    expect(safetyReport(refusalText(reason))).toEqual(safe(0));
  });

  it("the stale-head reply says the branch moved", () => {
    expect(staleHeadText()).toContain("the branch moved");
  });
});

describe("pushTarget", () => {
  const same = {
    headRepoFullName: "acme/widgets",
    baseRepoFullName: "acme/widgets",
    headRef: "feature",
    maintainerCanModify: false,
  };
  it.each([
    [
      "the same repository",
      same,
      { ok: true, target: { repo: { owner: "acme", repo: "widgets" }, branch: "feature" } },
    ],
    [
      "a fork that allows maintainer edits",
      { ...same, headRepoFullName: "mona/widgets", maintainerCanModify: true },
      { ok: true, target: { repo: { owner: "mona", repo: "widgets" }, branch: "feature" } },
    ],
    [
      "a fork that does not",
      { ...same, headRepoFullName: "mona/widgets" },
      { ok: false, reason: "fork_without_maintainer_edits" },
    ],
    [
      "a deleted head repository",
      { ...same, headRepoFullName: null },
      { ok: false, reason: "head_repository_gone" },
    ],
    [
      "the same repository in other case",
      { ...same, headRepoFullName: "Acme/Widgets" },
      { ok: true, target: { repo: { owner: "Acme", repo: "Widgets" }, branch: "feature" } },
    ],
  ])("%s", (_name, pr, expected) => {
    expect(pushTarget(pr)).toEqual(expected);
  });
});
