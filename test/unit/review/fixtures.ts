import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseChangedFile, type FilePatch } from "../../../src/review/diff/index.js";
import type { Finding } from "../../../src/review/findings/schema.js";
import type { ChangedFile, ChangedFileStatus, ReviewComment } from "../../../src/review/ports.js";

const ROOT = join(import.meta.dirname, "../../fixtures/diffs");

export interface DiffFixture {
  name: string;
  file: ChangedFile;
  patch: FilePatch;
  /** The file at the head, CRLF and all; null for a deleted file. */
  head: string | null;
  base: string | null;
}

function readSide(dir: string, side: "base" | "head"): string | null {
  const name = readdirSync(dir).find((entry) => entry.startsWith(`${side}.`));
  if (!name) return null;
  const text = readFileSync(join(dir, name), "utf8");
  return text === "" ? null : text;
}

export function loadFixture(name: string): DiffFixture {
  const dir = join(ROOT, name);
  const meta = JSON.parse(readFileSync(join(dir, "meta.json"), "utf8")) as {
    path: string;
    previousPath: string | null;
    status: ChangedFileStatus;
  };
  const patchText = readFileSync(join(dir, "patch.diff"), "utf8");
  const lines = patchText.split("\n");
  const additions = lines.filter((l) => l.startsWith("+")).length;
  const deletions = lines.filter((l) => l.startsWith("-")).length;
  const file: ChangedFile = {
    ...meta,
    patch: patchText,
    additions,
    deletions,
    changes: additions + deletions,
  };
  return {
    name,
    file,
    patch: parseChangedFile(file),
    head: readSide(dir, "head"),
    base: readSide(dir, "base"),
  };
}

export const FIXTURE_NAMES: readonly string[] = readdirSync(ROOT, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

export function loadAll(): DiffFixture[] {
  return FIXTURE_NAMES.map(loadFixture);
}

/** Splits file text into lines without terminators, as an editor numbers them (line n at index n-1). */
export function fileLines(text: string): string[] {
  const lines = text.split("\n").map((line) => line.replace(/\r$/, ""));
  if (text.endsWith("\n")) lines.pop();
  return lines;
}

export function finding(
  overrides: Partial<Finding> & Pick<Finding, "path" | "start_line" | "end_line" | "original_code">,
): Finding {
  return {
    title: "Handle the empty case",
    body: "This breaks when the input is empty.",
    priority: 1,
    confidence_score: 0.8,
    suggestion: null,
    deletes_lines: false,
    ...overrides,
  };
}

/**
 * What GitHub checks before accepting a review comment (its 422s): RIGHT side, the line inside a
 * hunk, a range within one hunk and in order. Returns the problems found, none when GitHub would accept.
 */
export function githubProblems(comment: ReviewComment, patches: ReadonlyMap<string, FilePatch>): string[] {
  const problems: string[] = [];
  const patch = patches.get(comment.path);
  if (!patch) return [`${comment.path}: not in the diff`];
  const hunkOf = (line: number): number =>
    patch.hunks.findIndex((h) => h.newLines > 0 && line >= h.newStart && line < h.newStart + h.newLines);
  if (comment.side !== "RIGHT") problems.push("side is not RIGHT");
  if (hunkOf(comment.line) < 0) problems.push(`line ${comment.line} must be part of the diff`);
  if (comment.start_line !== undefined) {
    if (comment.start_side !== "RIGHT") problems.push("start_side is not RIGHT");
    if (comment.start_line >= comment.line) problems.push("start_line must precede line");
    if (hunkOf(comment.start_line) !== hunkOf(comment.line)) problems.push("range leaves its hunk");
  }
  if (comment.body.length > 65_536) problems.push("body too long");
  return problems;
}

/** The head line number of the only head line equal to `text` (throws when absent or repeated). */
export function headLine(fixture: DiffFixture, text: string): number {
  const lines = fileLines(fixture.head ?? "");
  const hits = lines.flatMap((line, i) => (line === text ? [i + 1] : []));
  if (hits.length !== 1)
    throw new Error(`${fixture.name}: ${hits.length} head lines equal ${JSON.stringify(text)}`);
  return hits[0] as number;
}

/** Inputs for placeFindings over some fixtures, with their head contents. */
export function placeInputs(fixtures: readonly DiffFixture[]): {
  patches: Map<string, FilePatch>;
  headContents: Map<string, string | null>;
} {
  return {
    patches: new Map(fixtures.map((f) => [f.patch.path, f.patch])),
    headContents: new Map(fixtures.map((f) => [f.patch.path, f.head])),
  };
}
