import { describe, expect, it } from "vitest";
import { cleanTitle } from "../../../../src/review/findings/title.js";
import type { Finding } from "../../../../src/review/findings/schema.js";
import { finding as base } from "../fixtures.js";

const finding = (extra: Partial<Finding>): Finding =>
  base({ path: "a.ts", start_line: 1, end_line: 1, original_code: "x", ...extra });

describe("cleanTitle", () => {
  it.each([
    ["[P1] Off-by-one in pageOfItems", 1],
    ["**[P0]** Token logged in plain text", 0],
    ["[p2]: Missing await", 2],
    ["(P3) Name the constant", 3],
    ["P1 - Wrong index", 1],
    ["P2: Missing await", 2],
  ])("strips the tag of %j and takes it as the priority when there is none", (title, priority) => {
    const cleaned = cleanTitle(finding({ title, priority: null }));
    expect(cleaned.title).not.toMatch(/P\d/i);
    expect(cleaned.priority).toBe(priority);
  });

  it("keeps the structured priority when both are given, and still strips the tag", () => {
    expect(cleanTitle(finding({ title: "[P3] Off-by-one", priority: 1 }))).toMatchObject({
      title: "Off-by-one",
      priority: 1,
    });
  });

  it.each(["P1deferred is never reset", "Priority P1 handling", "[P1]", "[P4] Not a tag we know"])(
    "leaves %j as it is",
    (title) => {
      expect(cleanTitle(finding({ title, priority: 2 }))).toMatchObject({ title, priority: 2 });
    },
  );
});
