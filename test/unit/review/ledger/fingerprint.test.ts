import { describe, expect, it } from "vitest";
import {
  currentPath,
  fingerprint,
  fingerprintFinding,
  fingerprintPlaced,
  isFingerprint,
  normalizeCode,
  normalizeTitle,
  type FingerprintInput,
} from "../../../../src/review/ledger/fingerprint.js";
import { sanitizeInline } from "../../../../src/review/render/sanitize.js";
import { finding, placed } from "./helpers.js";

const BASE: FingerprintInput = {
  path: "src/math.ts",
  original: ["  if (b === 0) {", "    return Infinity;", "  }"],
  title: "Guard against division by zero",
};

describe("fingerprint", () => {
  it("is 16 lower-case hex digits and stable", () => {
    const fp = fingerprint(BASE);
    expect(fp).toMatch(/^[0-9a-f]{16}$/);
    expect(isFingerprint(fp)).toBe(true);
    expect(fingerprint({ ...BASE, original: [...BASE.original] })).toBe(fp);
  });

  const same: Array<[string, Partial<FingerprintInput>]> = [
    ["re-indented code", { original: ["if (b === 0) {", "  return Infinity;", "}"] }],
    ["tabs instead of spaces", { original: ["\tif (b === 0) {", "\t\treturn Infinity;", "\t}"] }],
    ["trailing spaces", { original: ["  if (b === 0) {   ", "    return Infinity;\t", "  }"] }],
    ["runs of spaces inside a line", { original: ["  if  (b ===   0) {", "    return Infinity;", "  }"] }],
    ["blank lines inserted", { original: ["  if (b === 0) {", "", "    return Infinity;", "   ", "  }"] }],
    ["CRLF line endings", { original: "  if (b === 0) {\r\n    return Infinity;\r\n  }\r\n" }],
    ["the quote given as one string", { original: "  if (b === 0) {\n    return Infinity;\n  }" }],
    ["title in another case", { title: "GUARD against Division by Zero" }],
    ["title punctuation", { title: "Guard against division-by-zero!" }],
    ["title with a priority tag", { title: "[P1] Guard against division by zero" }],
  ];
  it.each(same)("survives %s", (_name, change) => {
    expect(fingerprint({ ...BASE, ...change })).toBe(fingerprint(BASE));
  });

  const different: Array<[string, Partial<FingerprintInput>]> = [
    ["a different title", { title: "Avoid returning Infinity" }],
    ["different code", { original: ["  if (b == 0) {", "    return Infinity;", "  }"] }],
    ["a line more of code", { original: [...(BASE.original as string[]), "  return a / b;"] }],
    ["another file", { path: "src/other.ts" }],
  ];
  it.each(different)("changes with %s", (_name, change) => {
    expect(fingerprint({ ...BASE, ...change })).not.toBe(fingerprint(BASE));
  });

  it("ignores line numbers: the same finding moved down keeps its fingerprint", () => {
    const before = placed(["  return a / b;"], 14);
    const after = placed(["  return a / b;"], 40);
    expect(fingerprintPlaced(after)).toBe(fingerprintPlaced(before));
  });

  it("folds numbers in titles", () => {
    expect(fingerprint({ ...BASE, title: "Off by one on line 41" })).toBe(
      fingerprint({ ...BASE, title: "Off by one on line 42" }),
    );
  });

  it("follows renames to the newest path", () => {
    const renames = new Map([
      ["src/math.ts", "src/arith.ts"],
      ["src/arith.ts", "lib/arith.ts"],
    ]);
    expect(currentPath("src/math.ts", renames)).toBe("lib/arith.ts");
    expect(fingerprint(BASE, renames)).toBe(fingerprint({ ...BASE, path: "lib/arith.ts" }));
    expect(
      currentPath(
        "a",
        new Map([
          ["a", "b"],
          ["b", "a"],
        ]),
      ),
    ).toBe("b");
  });

  it("reads a title back from a sanitized heading as the model wrote it", () => {
    const title = "Don't call @codex or <script> & co. in `eval()`";
    expect(normalizeTitle(sanitizeInline(title))).toBe(normalizeTitle(title));
  });

  it("gives an unplaced finding the fingerprint of the same finding placed", () => {
    const model = finding({ original_code: "  return a / b;\n" });
    expect(fingerprintFinding(model)).toBe(fingerprintPlaced(placed(["  return a / b;"], 14)));
  });

  it("normalises code and titles as documented", () => {
    expect(normalizeCode(["  a  =  1; ", "", "\tb = 2;"])).toBe("a = 1;\nb = 2;");
    expect(normalizeTitle("**[P2]** Handle 3 retries, not 4!")).toBe("handle 0 retries not 0");
  });
});
