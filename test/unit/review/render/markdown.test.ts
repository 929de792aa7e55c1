import { describe, expect, it } from "vitest";
import {
  codeBlock,
  fenceFor,
  openFenceAtEnd,
  truncateMarkdown,
} from "../../../../src/review/render/markdown.js";

describe("fences", () => {
  it.each([
    ["plain code", "const a = 1;", "```"],
    ["a triple backtick", "```js", "````"],
    ["a run of five", "a ````` b", "``````"],
    ["tildes only", "~~~", "```"],
  ])("%s gets the fence %s", (_label, content, fence) => {
    expect(fenceFor(content)).toBe(fence);
  });

  it("builds a block no content line can close", () => {
    const block = codeBlock("suggestion", ["```", "x"]);
    expect(block).toBe("````suggestion\n```\nx\n````");
    expect(openFenceAtEnd(block)).toBeNull();
    expect(openFenceAtEnd(block.slice(0, -5))).toEqual({ char: "`", length: 4 });
  });

  it.each([
    ["no fence", "a\nb", null],
    ["closed", "```\nx\n```", null],
    ["open", "```ts\nx", { char: "`", length: 3 }],
    ["a shorter closer does not close", "````\n```", { char: "`", length: 4 }],
    ["a tilde does not close backticks", "```\n~~~", { char: "`", length: 3 }],
    ["an info string with backticks is not a fence", "``` a`b\nx", null],
    ["indented four spaces is not a fence", "    ```\nx", null],
  ])("knows the open fence: %s", (_label, text, fence) => {
    expect(openFenceAtEnd(text)).toEqual(fence);
  });
});

describe("truncateMarkdown", () => {
  it("leaves short text alone", () => {
    expect(truncateMarkdown("short", 100)).toBe("short");
  });

  it.each([
    ["prose", "word ".repeat(5_000)],
    ["an open fence", `intro\n\`\`\`ts\n${"line();\n".repeat(2_000)}`],
    ["a long fence", `\`\`\`\`\`\n${"x\n".repeat(9_000)}\`\`\`\`\``],
    ["astral characters", "🎂".repeat(9_000)],
  ])("cuts %s under the limit with fences closed and a note", (_label, text) => {
    const out = truncateMarkdown(text, 10_000);
    expect(out.length).toBeLessThanOrEqual(10_000);
    expect(openFenceAtEnd(out)).toBeNull();
    expect(out).toMatch(/truncated to fit GitHub's size limit\._$/);
    expect(out).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});
