import { describe, expect, it } from "vitest";
import { guidelineCandidates } from "../../../../src/review/guidelines/candidates.js";

describe("guidelineCandidates", () => {
  it.each([
    ["no changed files", [], ["AGENTS.md"]],
    ["a file in the root", ["README.md"], ["AGENTS.md"]],
    [
      "a nested file, nearest first",
      ["packages/api/src/handlers/cart.ts"],
      [
        "AGENTS.md",
        "packages/api/src/handlers/AGENTS.md",
        "packages/api/src/AGENTS.md",
        "packages/api/AGENTS.md",
        "packages/AGENTS.md",
      ],
    ],
    [
      "files sharing directories, deduplicated, round by round",
      ["packages/api/src/a.ts", "packages/web/b.tsx", "packages/api/src/c.ts", "docs/d.md"],
      [
        "AGENTS.md",
        "packages/api/src/AGENTS.md",
        "packages/web/AGENTS.md",
        "docs/AGENTS.md",
        "packages/api/AGENTS.md",
        "packages/AGENTS.md",
      ],
    ],
    [
      "odd but harmless spellings",
      ["./src//x.ts", "/lib/y.ts", "../escape/z.ts"],
      ["AGENTS.md", "src/AGENTS.md", "lib/AGENTS.md"],
    ],
  ])("lists %s", (_label, paths, expected) => {
    expect(guidelineCandidates(paths)).toEqual(expected);
  });

  it("uses another file name", () => {
    expect(guidelineCandidates(["src/a.ts"], "REVIEWING.md")).toEqual(["REVIEWING.md", "src/REVIEWING.md"]);
  });

  it("stops at the bound, keeping the root and the nearest directories", () => {
    const paths = Array.from({ length: 30 }, (_, i) => `services/s${i}/src/main.go`);
    const out = guidelineCandidates(paths, "AGENTS.md", 5);
    expect(out).toEqual([
      "AGENTS.md",
      "services/s0/src/AGENTS.md",
      "services/s1/src/AGENTS.md",
      "services/s2/src/AGENTS.md",
      "services/s3/src/AGENTS.md",
    ]);
    expect(guidelineCandidates(paths)).toHaveLength(20);
    expect(guidelineCandidates(paths, "AGENTS.md", 1)).toEqual(["AGENTS.md"]);
    expect(guidelineCandidates(paths, "AGENTS.md", 0)).toEqual([]);
  });
});
