import { applyPatch, structuredPatch } from "diff";
import type { StructuredPatch } from "diff";
import { editKeepsParsing, parserFor } from "./parse-check.js";

export interface HeadEdit {
  path: string;
  /** The file's full text at the head, or null/undefined when it could not be fetched. */
  content: string | null | undefined;
  start: number;
  end: number;
  /** The range's lines as the diff shows them (no terminators). */
  original: readonly string[];
  replacement: readonly string[];
}

export interface VerifyContext {
  maxParseCheckChars: number;
  /** Per-review cache of "did the original parse", by path. */
  parsedBefore: Map<string, boolean>;
  /** Per-review cache of verdicts, by edit: the same suggestion is proven once per head. */
  verdicts?: Map<string, Verdict>;
}

/** On success, `after` is the whole file with the suggestion applied, as GitHub would commit it. */
export type Verdict = { ok: true; after: string } | { ok: false; reason: string };

function fail(reason: string): Verdict {
  return { ok: false, reason };
}

/**
 * The edit as a one-hunk patch: the range's lines as they are in the file (with their `\r`) out, the
 * replacement in with the range's line ending. `applyPatch` splits on `\n` and joins with `\n`, so
 * the `\r` travels inside each line and a final line without newline stays without one.
 */
function editPatch(
  edit: HeadEdit,
  rawRange: readonly string[],
  endsFile: boolean,
  before: string | undefined,
): StructuredPatch {
  // A final line without newline has no `\r` either: take the ending from the line before it.
  const terminated = endsFile ? rawRange.slice(0, -1) : rawRange;
  const crlf =
    terminated.length > 0
      ? terminated.some((line) => line.endsWith("\r"))
      : (before?.endsWith("\r") ?? false);
  const added = edit.replacement.map((line, i) => {
    const last = i === edit.replacement.length - 1;
    return `+${line}${crlf && !(last && endsFile) ? "\r" : ""}`;
  });
  return {
    oldFileName: edit.path,
    newFileName: edit.path,
    oldHeader: undefined,
    newHeader: undefined,
    hunks: [
      {
        oldStart: edit.start,
        oldLines: rawRange.length,
        newStart: edit.start,
        newLines: edit.replacement.length,
        lines: [...rawRange.map((line) => `-${line}`), ...added],
      },
    ],
  };
}

/** Whether every change between `before` and `after` lies inside `start..end` of `before`. */
function changesOnlyInside(path: string, before: string, after: string, start: number, end: number): boolean {
  const patch = structuredPatch(path, path, before, after, undefined, undefined, { context: 0 });
  return patch.hunks.every((hunk) =>
    hunk.oldLines === 0
      ? hunk.oldStart >= start && hunk.oldStart <= end + 1
      : hunk.oldStart >= start && hunk.oldStart + hunk.oldLines - 1 <= end,
  );
}

/**
 * Proves a suggestion against the file at the head before it is posted: the range holds exactly the
 * lines the diff showed, the library applies the replacement at that very place, the result differs
 * from the head only inside the range, and a JSON/YAML/JS/TS file that parsed still parses.
 */
export function verifyEdit(edit: HeadEdit, context: VerifyContext): Verdict {
  if (!context.verdicts) return check(edit, context);
  const key = [edit.path, edit.start, edit.end, edit.original.join("\n"), edit.replacement.join("\n")].join(
    "\0",
  );
  let verdict = context.verdicts.get(key);
  if (!verdict) context.verdicts.set(key, (verdict = check(edit, context)));
  return verdict;
}

function check(edit: HeadEdit, context: VerifyContext): Verdict {
  const content = edit.content;
  if (content === null || content === undefined)
    return fail("the file at the head could not be read to verify it");
  const lines = content.split("\n");
  const realCount = content.endsWith("\n") ? lines.length - 1 : lines.length;
  if (edit.end > realCount) return fail("the range runs past the end of the file at the head");
  const rawRange = lines.slice(edit.start - 1, edit.end);
  const matches = rawRange.every((line, i) => line.replace(/\r$/, "") === edit.original[i]);
  if (!matches) return fail("the file at the head no longer holds the quoted lines");

  const endsFile = edit.end === realCount && !content.endsWith("\n");
  const patch = editPatch(edit, rawRange, endsFile, lines[edit.start - 2]);
  const after = applyPatch(content, patch, {
    autoConvertLineEndings: false,
    fuzzFactor: 0,
    // Pin the hunk to the cited lines: applyPatch would otherwise try other offsets.
    compareLine: (lineNumber, line, _operation, patchContent) =>
      lineNumber >= edit.start && lineNumber <= edit.end && line === patchContent,
  });
  if (after === false) return fail("the suggestion does not apply to the file at the head");
  if (!changesOnlyInside(edit.path, content, after, edit.start, edit.end)) {
    return fail("applying the suggestion would change lines outside the commented range");
  }
  if (parserFor(edit.path) && content.length > context.maxParseCheckChars)
    return fail("the file is too large to check that it still parses");
  if (!editKeepsParsing(edit.path, content, after, context.parsedBefore)) {
    return fail("the file would no longer parse with this change");
  }
  return { ok: true, after };
}
