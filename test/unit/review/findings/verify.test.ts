import { describe, expect, it } from "vitest";
import { verifyEdit, type HeadEdit } from "../../../../src/review/findings/verify.js";

const context = () => ({ maxParseCheckChars: 1_000_000, parsedBefore: new Map<string, boolean>() });

function edit(
  content: string | null,
  start: number,
  end: number,
  original: string[],
  replacement: string[],
  path = "f.txt",
): HeadEdit {
  return { path, content, start, end, original, replacement };
}

describe("verifyEdit", () => {
  it.each([
    ["LF, middle line", "a\nb\nc\n", 2, 2, ["b"], ["B1", "B2"], "a\nB1\nB2\nc\n"],
    ["CRLF keeps CRLF on new lines", "a\r\nb\r\nc\r\n", 2, 2, ["b"], ["B1", "B2"], "a\r\nB1\r\nB2\r\nc\r\n"],
    ["last line without newline", "a\nb", 2, 2, ["b"], ["B1", "B2"], "a\nB1\nB2"],
    ["CRLF last line without newline", "a\r\nb", 2, 2, ["b"], ["B1", "B2"], "a\r\nB1\r\nB2"],
    ["first line", "a\nb\n", 1, 1, ["a"], ["A"], "A\nb\n"],
    ["deleting the range", "a\nb\nc\n", 2, 3, ["b", "c"], [], "a\n"],
    ["a range whose text repeats elsewhere", "x\ny\nx\ny\n", 3, 3, ["x"], ["z"], "x\ny\nz\ny\n"],
  ])("applies %s only inside the range", (_label, content, start, end, original, replacement, after) => {
    expect(verifyEdit(edit(content, start, end, original, replacement), context())).toEqual({
      ok: true,
      after,
    });
  });

  it.each([
    ["no content", edit(null, 1, 1, ["a"], ["b"]), /could not be read/],
    ["a range past the end", edit("a\n", 2, 2, ["b"], ["c"]), /past the end/],
    ["different lines at the range", edit("a\nb\n", 1, 1, ["b"], ["c"]), /no longer holds/],
    [
      "breaking valid TypeScript",
      edit("const a = 1;\n", 1, 1, ["const a = 1;"], ["const a = ;"], "x.ts"),
      /no longer parse/,
    ],
    [
      "a file over the parse-check size",
      edit("x".repeat(10) + "\n", 1, 1, ["x".repeat(10)], ["1"], "x.json"),
      /too large/,
    ],
  ])("refuses %s", (_label, input, reason) => {
    const verdict = verifyEdit(input, {
      maxParseCheckChars: input.path === "x.json" ? 5 : 1_000_000,
      parsedBefore: new Map(),
    });
    expect(verdict.ok).toBe(false);
    expect(!verdict.ok && verdict.reason).toMatch(reason);
  });

  it("lets an edit pass when the original did not parse either", () => {
    const verdict = verifyEdit(
      edit('{ // comment\n "a": 1 }\n', 2, 2, [' "a": 1 }'], [' "a": 2 }'], "tsconfig.json"),
      context(),
    );
    expect(verdict.ok).toBe(true);
  });

  it.each([
    ["a.tsx", "const a = <div>{x}</div>;\n", "const a = <div>{y}</div>;"],
    ["a.jsx", "const a = <b />;\n", "const a = <i />;"],
    ["a.mjs", "export const a = 1;\n", "export const a = 2;"],
    ["a.yaml", "a: 1\n", "a: 2"],
  ])("parses %s with the right grammar", (path, content, line) => {
    const verdict = verifyEdit(edit(content, 1, 1, [content.trimEnd()], [line], path), context());
    expect(verdict.ok).toBe(true);
  });
});
