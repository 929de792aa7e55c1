/**
 * A file as `@codex apply` edits it: its exact bytes, and a text view whose characters map back to
 * them one for one. Suggestions are verified on the text; the commit gets the original bytes with
 * only the changed span rewritten, so line endings, a byte-order mark, a missing final newline and
 * any byte outside the suggested lines stay exactly as they were.
 */
export interface FileBytes {
  bytes: Uint8Array;
  text: string;
  /**
   * `utf-8`: the bytes are valid UTF-8 (a byte-order mark is kept as U+FEFF), so any text can be
   * written back. `unknown`: they are not (Latin-1, Shift-JIS, …); each byte is one character
   * U+0000–U+00FF of the text, and only ASCII can be written without guessing the encoding.
   */
  encoding: "utf-8" | "unknown";
}

export type Splice = { ok: true; file: FileBytes } | { ok: false; reason: string };

/** The reason a suggestion is refused for a file that is not UTF-8. */
export const NOT_UTF8_REASON =
  "the file is not valid UTF-8: the suggestion's non-ASCII text can't be written without changing its bytes";

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const encoder = new TextEncoder();

function bytesAsText(bytes: Uint8Array): string {
  let text = "";
  // In chunks: spreading a large file into one call would overflow the argument limit.
  for (let i = 0; i < bytes.length; i += 8192) {
    text += String.fromCharCode(...bytes.subarray(i, i + 8192));
  }
  return text;
}

/** The bytes with their text view: UTF-8 when they are valid UTF-8, one character per byte otherwise. */
export function readFileBytes(bytes: Uint8Array): FileBytes {
  try {
    return { bytes, text: utf8.decode(bytes), encoding: "utf-8" };
  } catch {
    return { bytes, text: bytesAsText(bytes), encoding: "unknown" };
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** The bytes of `text` in the file's encoding, or null when they cannot be known. */
function encode(text: string, encoding: FileBytes["encoding"]): Uint8Array | null {
  if (encoding === "utf-8") return encoder.encode(text);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7f) return null;
    out[i] = code;
  }
  return out;
}

/** Where character `index` of the text view starts in the bytes. */
function byteOffset(file: FileBytes, index: number): number {
  return file.encoding === "utf-8" ? encoder.encode(file.text.slice(0, index)).length : index;
}

/**
 * The file with its text changed to `after`, at the byte level: the common start and end of the old
 * and new text keep their original bytes, and only the span between them is encoded anew. Refused
 * when that span cannot be encoded losslessly (non-ASCII text into a file that is not UTF-8).
 */
export function spliceText(file: FileBytes, after: string): Splice {
  const before = file.text;
  const max = Math.min(before.length, after.length);
  let start = 0;
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (
    end < max - start &&
    before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)
  ) {
    end++;
  }
  // Never cut between the two halves of a character outside the Basic Multilingual Plane.
  if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) start--;
  if (end > 0 && isLowSurrogate(before.charCodeAt(before.length - end))) end--;
  const inserted = encode(after.slice(start, after.length - end), file.encoding);
  if (inserted === null) return { ok: false, reason: NOT_UTF8_REASON };
  const from = byteOffset(file, start);
  const to = byteOffset(file, before.length - end);
  const bytes = new Uint8Array(from + inserted.length + (file.bytes.length - to));
  bytes.set(file.bytes.subarray(0, from), 0);
  bytes.set(inserted, from);
  bytes.set(file.bytes.subarray(to), from + inserted.length);
  return { ok: true, file: { bytes, text: after, encoding: file.encoding } };
}
