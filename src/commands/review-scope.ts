import type { ReviewScope } from "./types.js";

/**
 * The scope words of `@codex review …`, read before any focus text: a commit range
 * (`abc1234..def5678`, also with three dots), `full`, or paths and globs (`src/**`, `README.md`).
 * Whatever follows the scope is the focus, as for a plain `review`.
 */

/** Most globs one request may name; each is compiled once per review. */
export const MAX_REVIEW_GLOBS = 20;
const MAX_GLOB_CHARS = 256;

const RANGE = /^([0-9a-f]{4,40})\.{2,3}([0-9a-f]{4,40})$/i;
// Anything with a `..` between two words that is not two hex SHAs was meant as a range.
const LOOKS_LIKE_RANGE = /^(?:[^\s.]+\.{2,3}[^\s.]*|[^\s.]*\.{2,3}[^\s.]+)$/;
// A path or a glob: a slash or a glob character, or a file name with an extension ("README.md").
const PATH_LIKE = /^(?=.*(?:[/*?{[]|^[\w.-]*[\w-]\.[A-Za-z][A-Za-z0-9]{0,7}$))[\w./*?{}[\]!@+,=-]+$/;

export type ScopeReading =
  { ok: true; scope: ReviewScope | null; focus: string } | { ok: false; reason: string };

function leadingToken(text: string): [string, string] {
  const match = /^\S+/.exec(text);
  const token = match?.[0] ?? "";
  return [token, text.slice(token.length).trim()];
}

/** A path token without the punctuation prose puts after it ("src/a.ts,"). */
function bare(token: string): string {
  return token.replace(/^[`'"]+|[`'",;:)]+$/g, "");
}

export function readReviewScope(rest: string): ScopeReading {
  const [first, after] = leadingToken(rest);
  const head = bare(first);
  const range = RANGE.exec(head);
  if (range) {
    return {
      ok: true,
      scope: { kind: "range", from: range[1] as string, to: range[2] as string },
      focus: after,
    };
  }
  if (LOOKS_LIKE_RANGE.test(head) && !PATH_LIKE.test(head)) {
    return {
      ok: false,
      reason: `\`${head.slice(0, 80)}\` is not a commit range: write two commit SHAs, such as \`review abc1234..def5678\`.`,
    };
  }
  if (head.toLowerCase() === "full") return { ok: true, scope: { kind: "full" }, focus: after };
  const globs: string[] = [];
  let text = rest;
  for (;;) {
    const [token, remaining] = leadingToken(text);
    const glob = bare(token);
    if (glob === "" || !PATH_LIKE.test(glob) || /^https?:/i.test(glob)) break;
    globs.push(glob.replace(/^\.\//, ""));
    text = remaining;
  }
  if (globs.length === 0) return { ok: true, scope: null, focus: rest };
  if (globs.length > MAX_REVIEW_GLOBS || globs.some((g) => g.length > MAX_GLOB_CHARS)) {
    return {
      ok: false,
      reason: `A review can be limited to at most ${MAX_REVIEW_GLOBS} paths or globs of at most ${MAX_GLOB_CHARS} characters each.`,
    };
  }
  return { ok: true, scope: { kind: "paths", globs }, focus: text };
}
