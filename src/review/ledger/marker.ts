/**
 * Hidden markers in the bot's own comments. They are what lets the ledger be rebuilt from GitHub
 * after Redis lost it: every inline finding carries its fingerprint, and the replies that close a
 * finding say how it was closed.
 *
 * Model text is rendered with `<` escaped outside code, so it cannot forge a marker in prose; inside
 * a code block (a suggestion quoting the PR) it can. Ours is appended last, so parsers take the last
 * marker of a body, and callers only trust markers in comments written by the bot itself.
 */

/** How a reply of the bot closed a finding. */
export type ClosingKind = "fixed" | "dismissed";

const FINDING = /<!--\s*codex-finding:([0-9a-f]{16})\s*-->/g;
const CLOSING = /<!--\s*codex-finding-(fixed|dismissed):([0-9a-f]{16})\s*-->/g;

function assertFingerprint(fingerprint: string): void {
  if (!/^[0-9a-f]{16}$/.test(fingerprint)) throw new Error(`not a finding fingerprint: ${fingerprint}`);
}

/** `<!-- codex-finding:<fingerprint> -->`, for the end of an inline comment. */
export function findingMarker(fingerprint: string): string {
  assertFingerprint(fingerprint);
  return `<!-- codex-finding:${fingerprint} -->`;
}

/** The marker of a reply that closed a finding (`fixed` or `dismissed`). */
export function closingMarker(kind: ClosingKind, fingerprint: string): string {
  assertFingerprint(fingerprint);
  return `<!-- codex-finding-${kind}:${fingerprint} -->`;
}

/**
 * Appends a marker on its own paragraph: after a closed fence an HTML comment is an HTML block, so it
 * stays hidden whatever the body ends with.
 */
export function appendMarker(body: string, marker: string): string {
  return `${body.replace(/\s+$/, "")}\n\n${marker}`;
}

function lastMatch(pattern: RegExp, body: string): RegExpExecArray | null {
  let last: RegExpExecArray | null = null;
  for (const match of body.matchAll(pattern)) last = match as RegExpExecArray;
  return last;
}

/** The fingerprint in an inline comment's body, or null. */
export function parseFindingMarker(body: string): string | null {
  return lastMatch(FINDING, body)?.[1] ?? null;
}

/** The finding a closing reply closed, and how, or null. */
export function parseClosingMarker(body: string): { kind: ClosingKind; fingerprint: string } | null {
  const match = lastMatch(CLOSING, body);
  if (!match) return null;
  return { kind: match[1] as ClosingKind, fingerprint: match[2] as string };
}

/** A body without any of our markers, for showing it to the model or a person. */
export function stripMarkers(body: string): string {
  return body.replace(FINDING, "").replace(CLOSING, "").replace(/\s+$/, "");
}
