import { parsePatch } from "diff";
import type { StructuredPatchHunk } from "diff";
import type { ChangedFile } from "../ports.js";
import type { DiffLine, FilePatch, Hunk, MissingPatchReason } from "./types.js";

/** The text after the second `@@` of each hunk header, in order; `parsePatch` drops it. */
function hunkSections(patch: string): string[] {
  const sections: string[] = [];
  const header = /^@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@ ?(.*)$/gm;
  for (let match = header.exec(patch); match !== null; match = header.exec(patch)) {
    sections.push((match[1] ?? "").replace(/\r$/, ""));
  }
  return sections;
}

function buildHunk(raw: StructuredPatchHunk, index: number, section: string): Hunk {
  const lines: DiffLine[] = [];
  const right: DiffLine[] = [];
  const left: DiffLine[] = [];
  let oldLine = raw.oldStart;
  let newLine = raw.newStart;
  for (const rawLine of raw.lines) {
    const marker = rawLine.length === 0 ? " " : rawLine[0];
    if (marker === "\\") {
      const previous = lines[lines.length - 1];
      if (previous) previous.noEol = true;
      continue;
    }
    let text = rawLine.slice(1);
    // CRLF files keep their `\r` inside GitHub's patch; the model and the reader never need to see it.
    const crlf = text.endsWith("\r");
    if (crlf) text = text.slice(0, -1);
    const line: DiffLine = {
      kind: marker === "+" ? "add" : marker === "-" ? "del" : "context",
      text,
      oldLine: marker === "+" ? null : oldLine++,
      newLine: marker === "-" ? null : newLine++,
      crlf,
      noEol: false,
    };
    lines.push(line);
    if (line.newLine !== null) right.push(line);
    if (line.oldLine !== null) left.push(line);
  }
  return {
    index,
    oldStart: raw.oldStart,
    oldLines: left.length,
    newStart: raw.newStart,
    newLines: right.length,
    section,
    lines,
    right,
    left,
  };
}

function withoutHunks(file: ChangedFile, missing: MissingPatchReason): FilePatch {
  return {
    path: file.path,
    previousPath: file.previousPath,
    status: file.status,
    hunks: [],
    missing,
    additions: file.additions,
    deletions: file.deletions,
    maxNewLine: 0,
  };
}

/**
 * Parses one entry of `GET /pulls/{n}/files` into hunks with LEFT/RIGHT line numbers. Never throws:
 * a patch GitHub left out or that does not parse yields a file without hunks and the reason, so the
 * caller can say why the file got no line comments.
 */
export function parseChangedFile(file: ChangedFile): FilePatch {
  if (file.patch === null || file.patch === "") {
    // GitHub sends no patch both for binary/oversized diffs and for pure renames or mode changes.
    const unchanged = file.changes === 0 && file.status !== "added" && file.status !== "removed";
    return withoutHunks(file, unchanged ? "no_content_change" : "binary_or_too_large");
  }
  let rawHunks: StructuredPatchHunk[];
  try {
    rawHunks = parsePatch(file.patch).flatMap((index) => index.hunks);
  } catch {
    return withoutHunks(file, "malformed");
  }
  if (rawHunks.length === 0) {
    const binary = /^Binary files /m.test(file.patch);
    return withoutHunks(file, binary ? "binary_or_too_large" : "no_content_change");
  }
  const sections = hunkSections(file.patch);
  const hunks = rawHunks.map((raw, i) => buildHunk(raw, i, sections[i] ?? ""));
  let additions = 0;
  let deletions = 0;
  let maxNewLine = 0;
  for (const hunk of hunks) {
    for (const line of hunk.lines) {
      if (line.kind === "add") additions++;
      else if (line.kind === "del") deletions++;
    }
    if (hunk.newLines > 0) maxNewLine = Math.max(maxNewLine, hunk.newStart + hunk.newLines - 1);
  }
  return {
    path: file.path,
    previousPath: file.previousPath,
    status: file.status,
    hunks,
    missing: null,
    additions,
    deletions,
    maxNewLine,
  };
}
