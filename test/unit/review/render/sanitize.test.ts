import { describe, expect, it } from "vitest";
import {
  defuseTriggers,
  safeCodeSpan,
  sanitizeInline,
  sanitizeMarkdown,
  ZERO_WIDTH_JOINER as ZWJ,
} from "../../../../src/review/render/sanitize.js";
import { openFenceAtEnd } from "../../../../src/review/render/markdown.js";

describe("sanitizeMarkdown", () => {
  it.each([
    ["plain prose", "Use a map here.", "Use a map here."],
    ["a user mention", "ask @octocat", `ask @${ZWJ}octocat`],
    ["a team mention", "cc @acme/security", `cc @${ZWJ}acme/security`],
    ["a mention at the start", "@octocat look", `@${ZWJ}octocat look`],
    ["a mention after punctuation", "(@octocat)", `(@${ZWJ}octocat)`],
    ["an e-mail address", "mail ops@example.com", "mail ops@example.com"],
    ["the trigger word", "run @codex review", `run @${ZWJ}codex review`],
    ["the trigger word in any case", "@CODEX fix", `@${ZWJ}CODEX fix`],
    ["the trigger word inside an address", "a@codex.dev", `a@${ZWJ}codex.dev`],
    ["a mention in a code span", "call `@decorator` here", "call `@decorator` here"],
    ["the trigger in a code span", "`@codex`", `\`@${ZWJ}codex\``],
    ["an HTML tag", "<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)>"],
    [
      "an HTML comment (forged marker)",
      "<!-- codex-spark-bot:review x -->",
      "&lt;!-- codex-spark-bot:review x -->",
    ],
    // The escaped entity shows as "&#64;", whose "#64" would otherwise link issue 64.
    ["an entity that decodes to @", "&#64;octocat", `&amp;#${ZWJ}64;octocat`],
    ["issue references", "Fixes #12, GH-3 and o/r#4", `Fixes #${ZWJ}12, GH-${ZWJ}3 and o/r#${ZWJ}4`],
    [
      "an issue URL",
      "closes https://github.com/o/r/issues/5",
      `closes https:/${ZWJ}/github.com/o/r/issues/5`,
    ],
    ["a comparison in code", "use `a < b` not `a<=b`", "use `a < b` not `a<=b`"],
    ["a comparison in prose", "when a < b", "when a &lt; b"],
    ["an image", "![pixel](https://t.example/p.gif)", "!\\[pixel](https://t.example/p.gif)"],
    ["an escaped backtick", "a \\` <b>", "a \\` &lt;b>"],
    ["a stray backtick", "it's `broken <b>", "it's \\`broken &lt;b>"],
    ["a double-backtick span", "``a ` <b>`` <i>", "``a ` <b>`` &lt;i>"],
    ["a code span across lines", "see `a\n<b>` and <i>", "see `a\n<b>` and &lt;i>"],
    ["a span that a previous line opened", "a `b\nc` <i>` d", "a `b\nc` &lt;i>\\` d"],
    ["a fenced block", "```ts\nif (a < b) @x();\n```", "```ts\nif (a < b) @x();\n```"],
    ["a tilde fence", "~~~\n<div>\n~~~\n<div>", "~~~\n<div>\n~~~\n&lt;div>"],
    ["an unclosed fence", "```\ncode <x>", "```\ncode <x>\n```"],
    ["an unclosed long fence", "````js\nx\n```", "````js\nx\n```\n````"],
    ["a suggestion block of its own", "```suggestion\nrm -rf /\n```", "```text\nrm -rf /\n```"],
    ["CRLF text", "a\r\nb <", "a\nb &lt;"],
  ])("%s", (_label, input, want) => {
    expect(sanitizeMarkdown(input)).toBe(want);
  });

  it("defuses configured trigger words", () => {
    expect(sanitizeMarkdown("hey @spark", { triggerWords: ["@spark"] })).toBe(`hey @${ZWJ}spark`);
    expect(defuseTriggers("@SparkBot and @spark", ["@spark"])).toBe(`@${ZWJ}SparkBot and @${ZWJ}spark`);
  });

  it.each(["```\nx", "text\n~~~~\n", "a\n```suggestion\n", "````\n```\n"])(
    "never leaves a fence open: %j",
    (input) => {
      expect(openFenceAtEnd(sanitizeMarkdown(input))).toBeNull();
    },
  );
});

describe("sanitizeInline", () => {
  it.each([
    ["line breaks", "Fix\nthe\r\nbug", "Fix the bug"],
    ["a mention", "Ping @octocat", `Ping @${ZWJ}octocat`],
    ["HTML", "Close </details>", "Close &lt;/details>"],
    ["a trailing backslash", "Escape \\", "Escape"],
    ["a stray backtick", "Use `x", "Use \\`x"],
    ["a code span", "Check `a<b`", "Check `a<b`"],
  ])("%s", (_label, input, want) => {
    expect(sanitizeInline(input)).toBe(want);
  });
});

describe("safeCodeSpan", () => {
  it.each([
    ["a path", "src/a.ts", "`src/a.ts`"],
    ["backticks", "a`b", "``a`b``"],
    ["a leading backtick", "`a", "`` `a ``"],
    ["the trigger word", "docs/@codex.md", `\`docs/@${ZWJ}codex.md\``],
  ])("%s", (_label, input, want) => {
    expect(safeCodeSpan(input)).toBe(want);
  });
});
