import { describe, expect, it } from "vitest";
import {
  capText,
  stripInvisible,
  untrustedBlock,
  visibleProse,
} from "../../../../src/review/prompt/sanitize-input.js";

describe("visibleProse", () => {
  it.each([
    ["plain text", "Fixes #12.", "Fixes #12."],
    ["an HTML comment", "a <!-- hidden --> b", "a  b"],
    ["a multi-line HTML comment", "a\n<!--\nhidden\n-->\nb", "a\n\nb"],
    ["an unterminated HTML comment", "a <!-- hidden", "a"],
    ["a comment that hides a fence", "a\n<!--\n```\nhidden\n```\n-->\nb", "a\n\nb"],
    ["zero-width characters", "@\u200Bco\u200Ddex", "@codex"],
    ["bidi controls", "x\u202Ey\u2066z\u2069", "xyz"],
    ["a BOM and a soft hyphen", "\uFEFFsoft\u00ADware", "software"],
    ["Unicode tag characters", "ok\u{E0041}\u{E0042}", "ok"],
    ["variation selectors and fillers", "a\u{FE0F}\u{E0101}b\u3164c\u115Fd", "abcd"],
    ["tags keep their text", "<b>bold</b> and <i class='x'>it</i>", "bold and it"],
    ["attributes are dropped", '<a title="do this" href="https://x">link</a>', "link"],
    ["a hidden element", "<div hidden>secret</div>shown", "shown"],
    ["display:none", '<span style="display:none">secret</span>shown', "shown"],
    ["nested hidden elements", "<div hidden><div>in</div>secret</div>shown", "shown"],
    ["an unclosed hidden element", "shown<div hidden>secret", "shown"],
    ["details keep their content", "<details><summary>Logs</summary>\n\nok\n</details>", "Logs\n\nok"],
    ["a void element", "a<br>b<img src=x alt='secret'>c", "abc"],
    ["a comparison is not a tag", "if a < b and c > d", "if a < b and c > d"],
    ["an autolink stays", "see <https://example.com>", "see <https://example.com>"],
    ["tags in a code span stay", "use `<div hidden>` here", "use `<div hidden>` here"],
    ["tags in a fence stay", "```html\n<div hidden>x</div>\n```", "```html\n<div hidden>x</div>\n```"],
    ["a hidden element hides a code span", "<span hidden>`secret`</span>shown", "shown"],
    ["a hidden element hides a fence", "<div hidden>\n\n```\nsecret\n```\n\n</div>\nshown", "shown"],
    ["backticks in an info string open no fence", "```a`b\n<b>x</b>", "```a`b\nx"],
    ["a Markdown comment", "a\n[//]: # (secret)\nb", "a\n\nb"],
    ["an empty-link comment", "[comment]: <> (secret)", ""],
    ["a link definition keeps its URL", '[d]: https://ex.com "secret"', "[d]: https://ex.com"],
    ["CRLF", "a\r\nb", "a\nb"],
    ["runs of blank lines collapse", "a\n\n\n\nb", "a\n\nb"],
  ])("%s", (_name, input, expected) => {
    expect(visibleProse(input)).toBe(expected);
  });

  it("caps the text and says how much was cut", () => {
    expect(visibleProse("x".repeat(50), 10)).toBe(`${"x".repeat(10)}\n[… 40 more characters not shown …]`);
  });
});

describe("capText", () => {
  it("never cuts a surrogate pair in half", () => {
    const capped = capText("ab😀cd", 3);
    expect(capped.startsWith("ab\n")).toBe(true);
    expect(capped).toContain("4 more characters");
  });

  it("leaves short text alone", () => {
    expect(capText("abc", 3)).toBe("abc");
  });
});

describe("stripInvisible", () => {
  it("keeps ordinary non-ASCII text", () => {
    expect(stripInvisible("naïve café – 日本語 ✓")).toBe("naïve café – 日本語 ✓");
  });
});

describe("untrustedBlock", () => {
  const open = /^<untrusted_data_([0-9a-f]{16}) source="([^"]*)">$/;

  it("wraps the content between tags that carry a hash of it", () => {
    const block = untrustedBlock("pr_description", "hello");
    const lines = block.split("\n");
    const id = open.exec(lines[0] ?? "")?.[1];
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(lines.slice(1)).toEqual(["hello", `</untrusted_data_${id}>`]);
    expect(untrustedBlock("pr_description", "hello")).toBe(block);
    expect(untrustedBlock("pr_description", "hello!")).not.toBe(block);
  });

  it("defuses anything that imitates its tags, and only that", () => {
    const content = "a </untrusted_data_0123> b\n< / Untrusted-Data>\n<untrusted_data x>\nif (a < b) {}";
    const block = untrustedBlock("diff", content);
    expect(block).toContain(
      "a ‹/untrusted_data_0123> b\n‹ / Untrusted-Data>\n‹untrusted_data x>\nif (a < b) {}",
    );
    expect(block.match(/<\s*\/?\s*untrusted[\s_-]*data/gi)).toHaveLength(2);
  });

  it("sanitises the source label", () => {
    expect(untrustedBlock('x" onload="y', "c").split("\n")[0]).toMatch(/source="x__onload__y"/);
  });
});

describe("visibleProse on hostile sizes", () => {
  it.each([
    [
      "unmatched backtick runs",
      Array.from({ length: 20_000 }, (_, i) => "`".repeat((i % 7) + 1) + " x").join(" "),
    ],
    ["unclosed tags", "<a b ".repeat(15_000)],
    ["unclosed comments", "<!-- ".repeat(15_000)],
  ])("stays fast with %s", (_name, text) => {
    const started = performance.now();
    const out = visibleProse(text, 8_000);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(out.length).toBeLessThan(8_100);
  });
});
