import { describe, expect, it } from "vitest";
import { parseChangedFile } from "../../../../src/review/diff/index.js";
import { placeFindings } from "../../../../src/review/findings/place.js";
import type { Finding } from "../../../../src/review/findings/schema.js";
import { renderCommentBody } from "../../../../src/review/render/comment.js";
import { renderReview } from "../../../../src/review/render/review.js";
import { INJECTION_CORPUS } from "../../../fixtures/injection/corpus.js";
import { safe, safetyReport } from "../../../fixtures/injection/safety.js";

const MARKER = "<!-- codex-spark-bot:review acme/widgets#7@abc -->";
const PATH = "docs/notes.txt";
const HEAD = "intro\nold line\noutro\n";
const PATCH = parseChangedFile({
  path: PATH,
  previousPath: null,
  status: "modified",
  patch: "@@ -1,3 +1,3 @@\n intro\n-line\n+old line\n outro",
  additions: 1,
  deletions: 1,
  changes: 2,
});

/** A finding in which the model echoed the payload everywhere it writes text. */
function echoing(payload: string): Finding {
  return {
    title: payload,
    body: payload,
    priority: 1,
    confidence_score: 0.9,
    path: PATH,
    start_line: 2,
    end_line: 2,
    original_code: "old line",
    suggestion: payload,
    deletes_lines: false,
  };
}

describe("injection corpus → rendered review", () => {
  it.each(INJECTION_CORPUS.map((c) => [c.id, c.text] as const))("%s", (_id, payload) => {
    const placement = placeFindings({
      findings: [echoing(payload), { ...echoing(payload), path: "src/elsewhere.ts" }],
      patches: new Map([[PATH, PATCH]]),
      headContents: new Map([[PATH, HEAD]]),
      options: { maxSuggestionLines: 60 },
    });
    const review = renderReview({
      placed: placement.placed,
      unplaced: placement.unplaced,
      overall: {
        overall_correctness: "patch is incorrect",
        overall_explanation: payload,
        overall_confidence_score: 0.5,
      },
      notReviewed: [{ path: payload.slice(0, 80), reason: payload }],
      options: { marker: MARKER },
    });
    const committable = placement.placed.filter((p) => p.fix.kind === "suggestion").length;

    expect(safetyReport(review.body, [MARKER])).toEqual(safe(0));
    expect(review.comments).toHaveLength(1);
    for (const comment of review.comments) expect(safetyReport(comment.body)).toEqual(safe(committable));
  });

  it.each(INJECTION_CORPUS.map((c) => [c.id, c.text] as const))(
    "%s as a verified suggestion in an inline comment",
    (_id, payload) => {
      const lines = payload.replace(/\r/g, "").split("\n");
      const body = renderCommentBody(echoing(payload), { kind: "suggestion", lines }, 65_000, {});
      const report = safetyReport(body);
      // A suggestion is committed verbatim, so only prepareFix keeps the trigger out of it.
      expect({ ...report, triggers: [] }).toEqual(safe(1));
    },
  );
});

describe("the safety checker", () => {
  it("sees every broken promise", () => {
    const report = safetyReport("hi @octocat <b>x</b>\n```suggestion\nrm\n```\n@codex apply\n```js\nopen");
    expect(report.liveMentions).toEqual(["@octocat", "@codex"]);
    expect(report.triggers).toEqual(["@codex", "parsed command"]);
    expect(report.rawHtml).toEqual(["<b>x</b>"]);
    expect(report.openFence).toBe(true);
    expect(report.suggestionBlocks).toBe(1);
  });

  it("does not count what code hides", () => {
    expect(safetyReport("`@octocat <b>`\n```\n@octocat <i>\n```")).toEqual(safe(0));
  });
});
