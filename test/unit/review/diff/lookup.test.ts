import { describe, expect, it } from "vitest";
import {
  hunkIndexAt,
  isCommentable,
  isDeletionOnly,
  lineAt,
  rangeInOneHunk,
  rightTexts,
} from "../../../../src/review/diff/index.js";
import { loadFixture } from "../fixtures.js";

describe("line lookups", () => {
  // java-many-hunks: hunks on head lines 1-7, 16-22, 41-47, …; lines 8-15 are outside any hunk.
  const java = loadFixture("java-many-hunks").patch;

  it.each([
    [1, "RIGHT", true],
    [7, "RIGHT", true],
    [8, "RIGHT", false],
    [16, "RIGHT", true],
    [0, "RIGHT", false],
    [10_000, "RIGHT", false],
    [1, "LEFT", true],
    [15, "LEFT", true],
    [14, "LEFT", false],
  ] as const)("line %i on %s is commentable: %s", (line, side, want) => {
    expect(isCommentable(java, line, side)).toBe(want);
  });

  it("finds the hunk of every line shown, and of no other", () => {
    for (const [index, hunk] of java.hunks.entries()) {
      for (const line of hunk.right) expect(hunkIndexAt(java, line.newLine as number)).toBe(index);
      expect(hunkIndexAt(java, hunk.newStart + hunk.newLines)).not.toBe(index);
    }
  });

  it.each([
    [1, 7, true],
    [3, 3, true],
    [5, 17, false],
    [7, 8, false],
    [6, 5, false],
  ])("range %i-%i stays in one hunk: %s", (start, end, want) => {
    expect(rangeInOneHunk(java, start, end)).toBe(want);
  });

  it("returns the head text of a line and of a range", () => {
    expect(lineAt(java, 4)?.text).toBe("import java.util.Collections;");
    expect(lineAt(java, 4)?.kind).toBe("add");
    expect(rightTexts(java, 3, 4)).toEqual(["import java.util.ArrayList;", "import java.util.Collections;"]);
    expect(rightTexts(java, 7, 8)).toBeUndefined();
  });

  it("has nothing to comment on in a deleted file", () => {
    const deleted = loadFixture("rb-deleted").patch;
    expect(isDeletionOnly(deleted.hunks[0]!)).toBe(true);
    expect(isCommentable(deleted, 1, "RIGHT")).toBe(false);
    expect(isCommentable(deleted, 1, "LEFT")).toBe(true);
  });
});
