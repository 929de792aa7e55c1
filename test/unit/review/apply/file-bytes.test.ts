import { describe, expect, it } from "vitest";
import { planApply } from "../../../../src/review/apply/index.js";
import { NOT_UTF8_REASON, readFileBytes, spliceText } from "../../../../src/review/apply/file-bytes.js";
import { BOT, HEAD_SHA, suggestion } from "./helpers.js";

const bytes = (...parts: Array<string | number[]>): Buffer =>
  Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "latin1") : Buffer.from(p))));

/** Replaces the first `from` of the file's text with `to` and splices the bytes. */
function edit(file: Uint8Array, from: string, to: string) {
  const read = readFileBytes(file);
  return spliceText(read, read.text.replace(from, to));
}

describe("readFileBytes", () => {
  it("reads valid UTF-8 as text and keeps a byte-order mark", () => {
    const read = readFileBytes(bytes([0xef, 0xbb, 0xbf], "a\n"));
    expect(read).toMatchObject({ encoding: "utf-8", text: "\uFEFFa\n" });
  });

  it("reads anything else one character per byte", () => {
    const read = readFileBytes(bytes("caf", [0xe9], "\n"));
    expect(read).toMatchObject({ encoding: "unknown", text: "caf\u00e9\n" });
  });
});

describe("spliceText", () => {
  it("keeps CRLF endings and every byte outside the changed line", () => {
    const file = bytes("one\r\ntwo\r\nthree\r\n");
    const result = edit(file, "two", "TWO");
    expect(result.ok && Buffer.from(result.file.bytes)).toEqual(bytes("one\r\nTWO\r\nthree\r\n"));
  });

  it("keeps a missing final newline", () => {
    const result = edit(bytes("a\nb"), "b", "c");
    expect(result.ok && Buffer.from(result.file.bytes)).toEqual(bytes("a\nc"));
  });

  it("keeps a byte-order mark when the first line changes", () => {
    const file = bytes([0xef, 0xbb, 0xbf], "let x = 1;\nlet y = 2;\n");
    const result = edit(file, "x = 1", "x = 10");
    expect(result.ok && Buffer.from(result.file.bytes)).toEqual(
      bytes([0xef, 0xbb, 0xbf], "let x = 10;\nlet y = 2;\n"),
    );
  });

  it("writes non-ASCII text into UTF-8 as UTF-8, never splitting a character", () => {
    const file = Buffer.from("face: 😀\nname: Zoë\n", "utf8");
    const result = edit(file, "😀", "😁");
    expect(result.ok && Buffer.from(result.file.bytes)).toEqual(Buffer.from("face: 😁\nname: Zoë\n", "utf8"));
  });

  it("splices ASCII into a Latin-1 file, leaving its other bytes alone", () => {
    const file = bytes("caf", [0xe9], "\r\nx = 1\r\nna", [0xef], "ve");
    const result = edit(file, "x = 1", "x = 2");
    expect(result.ok && Buffer.from(result.file.bytes)).toEqual(
      bytes("caf", [0xe9], "\r\nx = 2\r\nna", [0xef], "ve"),
    );
  });

  it("refuses non-ASCII text into a file that is not UTF-8", () => {
    const file = bytes("caf", [0xe9], "\nx = 1\n");
    expect(edit(file, "x = 1", "x = \u00e9")).toEqual({ ok: false, reason: NOT_UTF8_REASON });
    expect(edit(file, "x = 1", "x = \u20ac")).toEqual({ ok: false, reason: NOT_UTF8_REASON });
  });
});

describe("planApply on bytes", () => {
  // How GitHub shows the Latin-1 file in a diff: the bytes it cannot decode as U+FFFD.
  const shown = "// caf\uFFFD\nconst limit = 10;\n";
  const latin1 = bytes("// caf", [0xe9], "\nconst limit = 10;\n");

  it("commits an ASCII suggestion into a Latin-1 file byte for byte", () => {
    const c = suggestion(shown, 2, 2, ["const limit = 20;"], { path: "legacy.js" });
    const result = planApply({
      comments: [c],
      botLogin: BOT,
      headSha: HEAD_SHA,
      headContents: new Map([["legacy.js", latin1]]),
    });
    expect(result.skipped).toEqual([]);
    expect(result.files.map((f) => [f.path, Buffer.from(f.bytes)])).toEqual([
      ["legacy.js", bytes("// caf", [0xe9], "\nconst limit = 20;\n")],
    ]);
  });

  it("skips a non-ASCII suggestion into a Latin-1 file, naming why", () => {
    const c = suggestion(shown, 2, 2, ["const limit = 20; // \u00e9t\u00e9"], { path: "legacy.js" });
    const result = planApply({
      comments: [c],
      botLogin: BOT,
      headSha: HEAD_SHA,
      headContents: new Map([["legacy.js", latin1]]),
    });
    expect(result.files).toEqual([]);
    expect(result.skipped).toEqual([{ commentId: c.id, path: "legacy.js", reason: NOT_UTF8_REASON }]);
  });
});
