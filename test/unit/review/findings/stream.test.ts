import { describe, expect, it } from "vitest";
import type { Finding } from "../../../../src/review/findings/schema.js";
import { FindingStream } from "../../../../src/review/findings/stream.js";

const finding = (path: string): Finding => ({
  title: `Fix "${path}"`,
  body: "Because {braces} and [brackets] in strings are not structure.",
  priority: 1,
  confidence_score: 0.9,
  path,
  start_line: 3,
  end_line: 3,
  original_code: 'const a = "}";',
  suggestion: 'const a = "]";',
  deletes_lines: false,
});

const answer = (findings: unknown[]): string =>
  JSON.stringify({
    findings,
    overall_correctness: "patch is incorrect",
    overall_explanation: "Two issues.",
    overall_confidence_score: 0.8,
  });

/** Writes `text` in pieces of `size` characters, noting how much was written when each finding came. */
function feed(text: string, size: number): { findings: Finding[]; writtenAt: number[] } {
  const findings: Finding[] = [];
  const writtenAt: number[] = [];
  let written = 0;
  const stream = new FindingStream((f) => {
    findings.push(f);
    writtenAt.push(written);
  });
  for (let i = 0; i < text.length; i += size) {
    const piece = text.slice(i, i + size);
    written += piece.length;
    stream.write(piece);
  }
  return { findings, writtenAt };
}

describe("FindingStream", () => {
  it("hands over each finding as soon as its object is complete, not at the end of the answer", () => {
    const text = answer([finding("a.ts"), finding("b.ts")]);
    const { findings, writtenAt } = feed(text, 4);
    expect(findings).toEqual([finding("a.ts"), finding("b.ts")]);
    const endOfFirst = text.indexOf("}", text.indexOf('"deletes_lines"')) + 1;
    expect(writtenAt[0]).toBeLessThan(endOfFirst + 4);
    expect(writtenAt[1]).toBeLessThan(text.indexOf('"overall_correctness"') + 4);
  });

  it("skips an object that does not match the finding schema, and keeps reading", () => {
    const { findings } = feed(answer([{ title: "no other field" }, finding("b.ts")]), 7);
    expect(findings).toEqual([finding("b.ts")]);
  });

  it("stops quietly when the text stops being JSON", () => {
    const text = answer([finding("a.ts")]);
    const broken = `${text.slice(0, 40)}}}}${text.slice(40)}`;
    expect(() => feed(broken, 5)).not.toThrow();
    expect(feed(broken, 5).findings).toEqual([]);
  });

  it("starts over on restart: a half-written finding of the first answer is dropped", () => {
    const seen: Finding[] = [];
    const stream = new FindingStream((f) => seen.push(f));
    const first = answer([finding("a.ts")]);
    stream.write(first.slice(0, first.length / 2));
    stream.restart();
    stream.write(answer([finding("b.ts")]));
    expect(seen).toEqual([finding("b.ts")]);
  });
});
