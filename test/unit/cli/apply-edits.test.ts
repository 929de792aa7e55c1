import { describe, expect, it } from "vitest";
import { applyLineEdits, type LineEdit } from "../../../src/cli/apply-edits.js";

const edit = (startLine: number, endLine: number, lines: string[]): LineEdit => ({
  path: "f",
  startLine,
  endLine,
  lines,
  title: "t",
});

describe("applyLineEdits", () => {
  it.each([
    ["one line, LF", "a\nb\nc\n", [edit(2, 2, ["B"])], "a\nB\nc\n"],
    ["CRLF kept on the new lines", "a\r\nb\r\nc\r\n", [edit(2, 2, ["B1", "B2"])], "a\r\nB1\r\nB2\r\nc\r\n"],
    ["last line without a newline stays without one", "a\nb", [edit(2, 2, ["B", "C"])], "a\nB\nC"],
    ["a range shrinks", "a\nb\nc\nd\n", [edit(2, 3, ["X"])], "a\nX\nd\n"],
    ["an empty suggestion deletes the range", "a\nb\nc\n", [edit(2, 2, [])], "a\nc\n"],
    [
      "two edits, bottom-up, line numbers of the head",
      "1\n2\n3\n4\n",
      [edit(1, 1, ["one", "uno"]), edit(4, 4, ["four"])],
      "one\nuno\n2\n3\nfour\n",
    ],
    [
      "bytes outside the range untouched (tabs, trailing spaces, mixed endings)",
      "\ta  \r\nb\n  c\t\n",
      [edit(2, 2, ["B"])],
      "\ta  \r\nB\n  c\t\n",
    ],
  ])("%s", (_name, text, edits, expected) => {
    expect(applyLineEdits(text, edits)).toBe(expected);
  });

  it("refuses a range past the end of the file", () => {
    expect(() => applyLineEdits("a\n", [edit(2, 2, ["x"])])).toThrow(RangeError);
  });
});
