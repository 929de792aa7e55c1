import { describe, expect, it } from "vitest";
import type { LedgerEntry } from "../../../../src/review/ledger/entry.js";
import { fingerprintPlaced } from "../../../../src/review/ledger/fingerprint.js";
import { pathsToCheck, reconcile, type ReconcileInput } from "../../../../src/review/ledger/reconcile.js";
import { renderLedgerSummary } from "../../../../src/review/ledger/summary.js";
import { entry, placed } from "./helpers.js";

const HEAD = "3333333333333333333333333333333333333333";
const DIV = ["  return a / b;"];
const DIV_FP = fingerprintPlaced(placed(DIV, 14));

/** A head file with `lines` starting at line `at` (1-based), padded with filler above. */
function fileWith(lines: string[], at: number): string {
  const filler = Array.from({ length: at - 1 }, (_, i) => `// filler ${i + 1}`);
  return [...filler, ...lines, "// end"].join("\n") + "\n";
}

function run(
  entries: Array<[string, LedgerEntry]>,
  overrides: Partial<ReconcileInput> = {},
): ReturnType<typeof reconcile> {
  return reconcile({
    entries: new Map(entries),
    placed: [],
    headSha: HEAD,
    headContents: new Map(),
    ...overrides,
  });
}

describe("reconcile: reported findings", () => {
  it("posts a finding the ledger does not know", () => {
    const finding = placed(DIV, 14);
    const plan = run([], { placed: [finding] });
    expect(plan.decisions).toEqual([{ kind: "post", fingerprint: DIV_FP, placed: finding }]);
    expect(plan.actions).toEqual([]);
    expect(plan.summary).toEqual({ new: 1, fixed: 0, stillOpen: 0, dismissed: 0 });
  });

  it("does not post an open finding again, and tracks it when its code moved", () => {
    const moved = placed(DIV, 30);
    const open = entry();
    const plan = run([[DIV_FP, open]], { placed: [moved] });
    expect(plan.decisions.map((d) => d.kind)).toEqual(["skip-open"]);
    expect(plan.actions).toEqual([
      {
        kind: "track",
        fingerprint: DIV_FP,
        entry: open,
        to: { path: "src/math.ts", startLine: 30, endLine: 30, original: DIV },
      },
    ]);
    expect(plan.summary).toEqual({ new: 0, fixed: 0, stillOpen: 1, dismissed: 0 });
  });

  it("notes 'still present' once per head when the quoted lines themselves changed", () => {
    const reindented = placed(["    return a / b;  "], 14);
    const plan = run([[DIV_FP, entry()]], { placed: [reindented] });
    expect(plan.actions).toEqual([
      expect.objectContaining({ kind: "note", reply: "Still present in `3333333` (now line 14)." }),
    ]);
    expect(run([[DIV_FP, entry({ lastSeenSha: HEAD })]], { placed: [reindented] }).actions).toEqual([]);
    expect(run([[DIV_FP, entry({ notedSha: HEAD })]], { placed: [reindented] }).actions).toEqual([]);
  });

  it("notes 'still present' when GitHub shows the thread outdated, but not for a mere move", () => {
    const moved = placed(DIV, 30);
    expect(run([[DIV_FP, entry()]], { placed: [moved] }).actions.map((a) => a.kind)).toEqual(["track"]);
    const outdated = run([[DIV_FP, entry()]], { placed: [moved], outdatedThreads: new Set(["PRRT_1"]) });
    expect(outdated.actions.map((a) => a.kind)).toEqual(["track", "note"]);
  });

  it("never raises a dismissed finding again, wherever it moved", () => {
    const plan = run(
      [[DIV_FP, entry({ state: "dismissed", dismissedHow: "thumbs-down", dismissedBy: "mona" })]],
      {
        placed: [placed(["\treturn a / b;"], 50)],
      },
    );
    expect(plan.decisions.map((d) => d.kind)).toEqual(["skip-dismissed"]);
    expect(plan.actions).toEqual([]);
  });

  it("posts again a finding that was fixed and came back, or is being posted by someone else", () => {
    for (const state of ["fixed", "outdated", "posting"] as const) {
      const plan = run([[DIV_FP, entry({ state })]], { placed: [placed(DIV, 14)] });
      expect(plan.decisions.map((d) => d.kind)).toEqual(["post"]);
    }
  });

  it("follows a rename: the finding at the new path is the open one", () => {
    const renamed = placed(DIV, 14, { path: "src/arith.ts" });
    const plan = run([[DIV_FP, entry()]], {
      placed: [renamed],
      renames: new Map([["src/math.ts", "src/arith.ts"]]),
    });
    expect(plan.decisions).toEqual([{ kind: "skip-open", fingerprint: DIV_FP, placed: renamed }]);
    expect(plan.actions).toEqual([
      expect.objectContaining({ kind: "track", to: expect.objectContaining({ path: "src/arith.ts" }) }),
    ]);
  });

  it("posts the same finding once when the model reports it twice", () => {
    const plan = run([], { placed: [placed(DIV, 14), placed(DIV, 40)] });
    expect(plan.decisions.map((d) => d.kind)).toEqual(["post", "skip-duplicate"]);
  });
});

describe("reconcile: open findings not reported again", () => {
  it("resolves a finding whose quoted code is gone from the head", () => {
    const open = entry();
    const plan = run([[DIV_FP, open]], {
      headContents: new Map([
        ["src/math.ts", fileWith(["  if (b === 0) throw new RangeError();", "  return a / b || 0;"], 13)],
      ]),
    });
    expect(plan.actions).toEqual([
      {
        kind: "resolve",
        fingerprint: DIV_FP,
        entry: open,
        reply: `Fixed in \`3333333\`.\n\n<!-- codex-finding-fixed:${DIV_FP} -->`,
      },
    ]);
    expect(plan.summary).toEqual({ new: 0, fixed: 1, stillOpen: 0, dismissed: 0 });
  });

  it("resolves a finding whose range was rewritten in part, or whose file was deleted", () => {
    const twoLines = entry({ original: ["  if (b === 0) {", "    return Infinity;"], endLine: 15 });
    const partly = run([["00000000000000a1", twoLines]], {
      headContents: new Map([
        ["src/math.ts", fileWith(["  if (b === 0) {", "    throw new RangeError();"], 14)],
      ]),
    });
    expect(partly.actions.map((a) => a.kind)).toEqual(["resolve"]);
    const deleted = run([[DIV_FP, entry()]], { headContents: new Map([["src/math.ts", null]]) });
    expect(deleted.actions.map((a) => a.kind)).toEqual(["resolve"]);
  });

  it("keeps a finding whose code is still there, tracking it when it moved", () => {
    const same = run([[DIV_FP, entry()]], {
      headContents: new Map([["src/math.ts", fileWith(["\treturn a / b;"], 14)]]),
    });
    expect(same.actions).toEqual([]);
    expect(same.summary.stillOpen).toBe(1);

    const moved = run([[DIV_FP, entry()]], {
      headContents: new Map([["src/math.ts", fileWith(["", "  return  a / b;"], 20)]]),
    });
    expect(moved.actions).toEqual([
      expect.objectContaining({
        kind: "track",
        to: { path: "src/math.ts", startLine: 21, endLine: 21, original: ["  return  a / b;"] },
      }),
    ]);
  });

  it("picks the occurrence nearest to where the finding was", () => {
    const content = fileWith(["  return a / b;", "// x", "// y", "  return a / b;"], 10);
    const plan = run([[DIV_FP, entry({ startLine: 12, endLine: 12 })]], {
      headContents: new Map([["src/math.ts", content]]),
    });
    expect(plan.actions).toEqual([
      expect.objectContaining({ kind: "track", to: expect.objectContaining({ startLine: 13 }) }),
    ]);
  });

  it("marks a finding outdated when its file left the PR with the code still there", () => {
    const plan = run([[DIV_FP, entry()]], {
      headContents: new Map([["src/math.ts", fileWith(DIV, 14)]]),
      changedPaths: new Set(["README.md"]),
    });
    expect(plan.actions.map((a) => a.kind)).toEqual(["outdate"]);
    expect(plan.summary.stillOpen).toBe(0);
  });

  it("leaves alone what it cannot judge: file not fetched, or no quote (rebuilt entry)", () => {
    expect(run([[DIV_FP, entry()]]).actions).toEqual([]);
    const noQuote = run([[DIV_FP, entry({ original: [] })]], {
      headContents: new Map([["src/math.ts", "x\n"]]),
    });
    expect(noQuote.actions).toEqual([]);
    expect(pathsToCheck(new Map([[DIV_FP, entry({ original: [] })]]))).toEqual([]);
  });

  it("names the head paths it needs, after renames, for open entries only", () => {
    const entries = new Map([
      ["00000000000000a1", entry()],
      ["00000000000000a2", entry({ path: "src/b.ts" })],
      ["00000000000000a3", entry({ path: "src/c.ts", state: "fixed" })],
    ]);
    expect(pathsToCheck(entries, new Map([["src/b.ts", "lib/b.ts"]]))).toEqual(["src/math.ts", "lib/b.ts"]);
  });
});

describe("summary", () => {
  it("counts dismissals since the last review only", () => {
    const entries: Array<[string, LedgerEntry]> = [
      ["00000000000000d1", entry({ state: "dismissed", dismissedAt: "2026-01-02T00:00:00.000Z" })],
      ["00000000000000d2", entry({ state: "dismissed", dismissedAt: "2026-01-04T00:00:00.000Z" })],
      ["00000000000000d3", entry({ state: "dismissed" })],
    ];
    expect(run(entries, { lastReviewAt: "2026-01-03T00:00:00.000Z" }).summary.dismissed).toBe(1);
    expect(run(entries, { lastReviewAt: null }).summary.dismissed).toBe(2);
  });

  it("renders one short line, or nothing on a first review with nothing tracked", () => {
    expect(renderLedgerSummary({ new: 2, fixed: 1, stillOpen: 3, dismissed: 1 }, "abcdef0123456789")).toBe(
      "**Since the last review** (`abcdef0`): 2 new findings, 1 fixed, 3 still open, 1 dismissed.",
    );
    expect(renderLedgerSummary({ new: 1, fixed: 0, stillOpen: 0, dismissed: 0 }, "xyz")).toBe(
      "**Since the last review** (`unknown`): 1 new finding, 0 fixed, 0 still open, 0 dismissed.",
    );
    expect(renderLedgerSummary({ new: 4, fixed: 0, stillOpen: 0, dismissed: 0 }, null)).toBe("");
  });
});
