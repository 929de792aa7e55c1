import { describe, expect, it } from "vitest";
import { parseSuggestionBlock, planApply } from "../../../../src/review/apply/index.js";
import type { SuggestionComment } from "../../../../src/review/ports-commits.js";
import { ZERO_WIDTH_JOINER as ZWJ } from "../../../../src/review/render/sanitize.js";
import { parseThreadAnswer } from "../../../../src/review/conversation/answer-schema.js";
import { validateThreadFix } from "../../../../src/review/conversation/validate-fix.js";
import { renderAnswer, renderThreadReply } from "../../../../src/review/render/conversation-reply.js";
import { INJECTION_CORPUS } from "../../../fixtures/injection/corpus.js";
import { safe, safetyReport } from "../../../fixtures/injection/safety.js";

const FILE = "function f(a, b) {\n  return a / b;\n}\n";

describe("renderThreadReply", () => {
  it("puts the answer above a committable suggestion", () => {
    expect(
      renderThreadReply(
        "Guard the divisor.",
        { kind: "suggestion", lines: ["  return b === 0 ? 0 : a / b;"] },
        "fix",
      ),
    ).toBe("Guard the divisor.\n\n```suggestion\n  return b === 0 ? 0 : a / b;\n```");
  });

  it("shows a fix that failed a check as a diff with the reason", () => {
    const body = renderThreadReply(
      "Like this.",
      { kind: "diff", original: ["a"], replacement: ["b"], reason: "the thread is outdated" },
      "fix",
    );
    expect(body).toBe(
      "Like this.\n\n_Suggested fix, not offered for commit because the thread is outdated:_\n\n```diff\n- a\n+ b\n```",
    );
  });

  it("says why a fix that was asked for is missing, and never answers with nothing", () => {
    expect(
      renderThreadReply("", { kind: "none", reason: "the suggested code is the current code" }, "fix"),
    ).toBe("_No change suggested: the suggested code is the current code._");
    expect(renderThreadReply("  ", { kind: "none", reason: null }, "ask")).toBe(
      "_I have nothing to add here._",
    );
  });

  it("sanitises the answer and keeps it short", () => {
    const body = renderThreadReply(
      `Ask @alice <b>now</b>\n${"x".repeat(10_000)}`,
      { kind: "none", reason: null },
      "ask",
    );
    expect(body.startsWith(`Ask @${ZWJ}alice &lt;b>now&lt;/b>`)).toBe(true);
    expect(body.length).toBeLessThanOrEqual(4_000);
    expect(body).toContain("truncated");
  });
});

describe("a thread fix, end to end", () => {
  it("answers with a suggestion for exactly the range, which apply can commit", () => {
    const modelText = JSON.stringify({
      reply: "Return early when `b` is zero.",
      suggestion: {
        start_line: 2,
        end_line: 2,
        original_code: "  return a / b;",
        replacement: "  if (b === 0) return 0;\n  return a / b;",
        deletes_lines: false,
      },
    });
    const parsed = parseThreadAnswer(modelText);
    if (!parsed.ok) throw new Error(parsed.problem);
    const fix = validateThreadFix({
      mode: "fix",
      suggestion: parsed.value.suggestion,
      path: "src/f.js",
      side: "RIGHT",
      range: { start: 2, end: 2 },
      fileContent: FILE,
    });
    const body = renderThreadReply(parsed.value.reply, fix, "fix");

    expect(parseSuggestionBlock(body)).toEqual({
      kind: "one",
      lines: ["  if (b === 0) return 0;", "  return a / b;"],
    });
    expect(safetyReport(body)).toEqual(safe(1));

    // Posted as a reply in the thread, GitHub gives it the thread's range; apply then commits it.
    const reply: SuggestionComment = {
      id: 9,
      body,
      author: "codex-spark[bot]",
      path: "src/f.js",
      line: 2,
      startLine: null,
      side: "RIGHT",
      startSide: null,
      originalLine: 2,
      originalStartLine: null,
      commitId: "h",
      originalCommitId: "h",
      diffHunk: "@@ -1,3 +1,3 @@\n function f(a, b) {\n   return a / b;",
      inReplyToId: 8,
      createdAt: "2026-01-05T10:00:00Z",
    };
    const plan = planApply({
      comments: [reply],
      botLogin: "codex-spark[bot]",
      headSha: "h",
      headContents: new Map([["src/f.js", Buffer.from(FILE, "utf8")]]),
    });
    expect(plan.files.map((f) => ({ path: f.path, content: Buffer.from(f.bytes).toString("utf8") }))).toEqual(
      [{ path: "src/f.js", content: "function f(a, b) {\n  if (b === 0) return 0;\n  return a / b;\n}\n" }],
    );
  });
});

describe("injection corpus → thread replies and answers", () => {
  it.each(INJECTION_CORPUS.map((c) => [c.id, c.text] as const))("%s", (_id, payload) => {
    const fix = validateThreadFix({
      mode: "fix",
      suggestion: {
        start_line: 2,
        end_line: 2,
        original_code: "  return a / b;",
        replacement: payload,
        deletes_lines: true,
      },
      path: "notes.txt",
      side: "RIGHT",
      range: { start: 2, end: 2 },
      fileContent: FILE,
      maxSuggestionLines: 100,
    });
    const reply = renderThreadReply(payload, fix, "fix");
    expect(safetyReport(reply)).toEqual(safe(fix.kind === "suggestion" ? 1 : 0));
    expect(safetyReport(renderAnswer(payload))).toEqual(safe(0));
  });
});
