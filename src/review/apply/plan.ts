import { sameLines } from "../findings/quote.js";
import { verifyEdit, type VerifyContext } from "../findings/verify.js";
import type { FileWrite } from "../ports-commits.js";
import { readFileBytes, spliceText, type FileBytes } from "./file-bytes.js";
import { selectCandidates } from "./select.js";
import type { AppliedSuggestion, ApplyInput, ApplyPlan, Candidate, SkippedSuggestion } from "./types.js";

const DEFAULT_MAX_PARSE_CHECK_CHARS = 1_000_000;

function headLines(content: string, start: number, end: number): string[] {
  return content
    .split("\n")
    .slice(start - 1, end)
    .map((line) => line.replace(/\r$/, ""));
}

/**
 * Applies one file's suggestions bottom-up, so that each is verified against the head's own line
 * numbers (nothing above it has moved) and against the file as the previous ones left it, with the
 * same checks as a suggestion before it is posted: the range still holds the lines the comment saw,
 * the change stays inside the range, and a file that parsed still parses. The file's bytes change
 * only where the suggestion changes its text (see `file-bytes.ts`).
 */
function applyToFile(
  path: string,
  headFile: FileBytes,
  edits: readonly Candidate[],
  context: VerifyContext,
  applied: AppliedSuggestion[],
  skipped: SkippedSuggestion[],
): FileWrite | null {
  const head = headFile.text;
  let file = headFile;
  let content = head;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) {
    const skip = (reason: string) => skipped.push({ commentId: edit.comment.id, path, reason });
    const current = headLines(head, edit.start, edit.end);
    if (sameLines(edit.replacement, edit.original)) {
      skip("it changes nothing");
      continue;
    }
    if (sameLines(current, edit.replacement)) {
      skip("already applied");
      continue;
    }
    const verdict = verifyEdit(
      {
        path,
        content,
        start: edit.start,
        end: edit.end,
        original: edit.original,
        replacement: edit.replacement,
      },
      context,
    );
    if (!verdict.ok) {
      skip(verdict.reason);
      continue;
    }
    const spliced = spliceText(file, verdict.after);
    if (!spliced.ok) {
      skip(spliced.reason);
      continue;
    }
    file = spliced.file;
    content = verdict.after;
    applied.push({
      commentId: edit.comment.id,
      path,
      startLine: edit.start,
      endLine: edit.end,
      title: edit.title,
    });
  }
  return content === head ? null : { path, bytes: file.bytes };
}

/**
 * `@codex apply`, pure: from the pull request's review comments and the head contents, the new
 * content of each touched file and an account of every suggestion the bot posted — applied, or
 * skipped with the reason. Applied suggestions are listed top to bottom per file.
 */
export function planApply(input: ApplyInput): ApplyPlan {
  const { candidates, skipped } = selectCandidates(input);
  const context: VerifyContext = {
    maxParseCheckChars: input.maxParseCheckChars ?? DEFAULT_MAX_PARSE_CHECK_CHARS,
    parsedBefore: new Map(),
  };
  const byPath = new Map<string, Candidate[]>();
  for (const candidate of candidates) {
    const head = input.headContents.get(candidate.path);
    if (head === null || head === undefined) {
      skipped.push({
        commentId: candidate.comment.id,
        path: candidate.path,
        reason: "the file could not be read at the head",
      });
      continue;
    }
    byPath.set(candidate.path, [...(byPath.get(candidate.path) ?? []), candidate]);
  }
  const files: FileWrite[] = [];
  const applied: AppliedSuggestion[] = [];
  for (const [path, edits] of [...byPath].sort(([a], [b]) => a.localeCompare(b))) {
    const head = readFileBytes(input.headContents.get(path) as Uint8Array);
    const file = applyToFile(path, head, edits, context, applied, skipped);
    if (file) files.push(file);
  }
  applied.sort((a, b) => a.path.localeCompare(b.path) || a.startLine - b.startLine);
  skipped.sort((a, b) => a.commentId - b.commentId);
  return { files, applied, skipped };
}
