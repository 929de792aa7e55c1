import { createInterface } from "node:readline/promises";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { applicableEdits, applyLineEdits, type LineEdit } from "./apply-edits.js";
import { CliError } from "./errors.js";
import type { LocalReview } from "./run-local.js";

export interface ApplyIo {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
  /** `--yes`: no question asked. */
  yes: boolean;
}

export interface ApplyResult {
  files: string[];
  edits: LineEdit[];
}

function byPath(edits: readonly LineEdit[]): Map<string, LineEdit[]> {
  const out = new Map<string, LineEdit[]>();
  for (const e of edits) out.set(e.path, [...(out.get(e.path) ?? []), e]);
  return out;
}

/**
 * Each file must hold, byte for byte, the text its suggestions were verified against; anything
 * else (an edit made since, or a commit reviewed while the working tree differs) would be
 * overwritten blind.
 */
async function readUnchanged(root: string, path: string, seen: string | null | undefined): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(join(root, path));
  } catch {
    throw new CliError("apply_refused", `--apply refused: ${path} is not in the working tree`);
  }
  const text = bytes.toString("utf8");
  if (!Buffer.from(text, "utf8").equals(bytes)) {
    throw new CliError("apply_refused", `--apply refused: ${path} is not UTF-8 text`);
  }
  if (seen === undefined || seen === null || text !== seen) {
    throw new CliError(
      "apply_refused",
      `--apply refused: ${path} has changes in the working tree that the suggestion did not see; commit or stash them, or review the working tree`,
    );
  }
  return text;
}

async function confirm(io: ApplyIo, question: string): Promise<boolean> {
  if (io.yes) return true;
  if (io.stdin.isTTY !== true) {
    throw new CliError("apply_refused", "--apply asks before writing: run it in a terminal, or add --yes");
  }
  const rl = createInterface({ input: io.stdin, output: io.stderr });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

/** `--apply`: writes the verified suggestions into the working tree, after a check and a question. */
export async function applySuggestions(review: LocalReview, io: ApplyIo): Promise<ApplyResult> {
  const edits = applicableEdits(review.placed);
  const root = review.setup.range.root;
  const files = byPath(edits);
  const texts = new Map<string, string>();
  // Every file is checked before any is written: a refusal leaves the working tree as it was.
  for (const path of files.keys())
    texts.set(path, await readUnchanged(root, path, review.headContents.get(path)));
  if (edits.length === 0) return { files: [], edits };
  const question = `Apply ${edits.length} suggestion${edits.length === 1 ? "" : "s"} to ${files.size} file${files.size === 1 ? "" : "s"}?`;
  if (!(await confirm(io, question))) return { files: [], edits: [] };
  for (const [path, fileEdits] of files) {
    await writeFile(join(root, path), applyLineEdits(texts.get(path) as string, fileEdits));
  }
  return { files: [...files.keys()], edits };
}
