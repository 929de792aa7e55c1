import type { SuggestionComment } from "../ports-commits.js";
import { rangeFromDiffHunk } from "./hunk-range.js";
import { mentionsSuggestion, parseSuggestionBlock } from "./suggestion-block.js";
import { commentTitle } from "./title.js";
import type { ApplyInput, Candidate, SkippedSuggestion } from "./types.js";

/** The bot's comments that carry a suggestion block, whatever their state. */
export function botSuggestions(
  comments: readonly SuggestionComment[],
  botLogin: string,
): SuggestionComment[] {
  const bot = botLogin.toLowerCase();
  return comments.filter((c) => (c.author ?? "").toLowerCase() === bot && mentionsSuggestion(c.body));
}

/** The files whose head content {@link planApply} needs: those of the bot's live suggestions. */
export function pathsToRead(comments: readonly SuggestionComment[], botLogin: string): string[] {
  const live = botSuggestions(comments, botLogin).filter((c) => c.line !== null);
  return [...new Set(live.map((c) => c.path))].sort();
}

type Checked = { ok: true; candidate: Candidate } | { ok: false; reason: string };

/** The checks that need no file content: state of the thread, side, block, range. */
function check(comment: SuggestionComment, input: ApplyInput): Checked {
  const excluded = input.excluded?.get(comment.id);
  if (excluded !== undefined) return { ok: false, reason: excluded };
  if (comment.line === null) return { ok: false, reason: "outdated: its lines changed after it was posted" };
  if (comment.side === "LEFT" || comment.startSide === "LEFT") {
    return { ok: false, reason: "it is on removed lines, where GitHub takes no suggestion" };
  }
  const block = parseSuggestionBlock(comment.body);
  if (block.kind !== "one") return { ok: false, reason: "its suggestion block cannot be read" };
  const end = comment.line;
  const start = comment.startLine ?? end;
  const originalEnd = comment.originalLine ?? end;
  const originalStart = comment.originalStartLine ?? originalEnd - (end - start);
  if (originalEnd - originalStart !== end - start) {
    return { ok: false, reason: "outdated: the commented range changed" };
  }
  const original = rangeFromDiffHunk(comment.diffHunk, originalStart, originalEnd);
  if (!original) return { ok: false, reason: "its diff hunk does not show the commented lines" };
  return {
    ok: true,
    candidate: {
      comment,
      path: comment.path,
      start,
      end,
      original,
      replacement: block.lines,
      title: commentTitle(comment.body),
    },
  };
}

function newestFirst(a: SuggestionComment, b: SuggestionComment): number {
  return b.createdAt.localeCompare(a.createdAt) || b.id - a.id;
}

/**
 * The bot's suggestions that may still apply, newest first: outdated, unreadable and excluded ones
 * are skipped with the reason, and where two overlap on a file the newer wins (a thread `fix`
 * replaces the finding's own suggestion; a re-review replaces the previous one).
 */
export function selectCandidates(input: ApplyInput): {
  candidates: Candidate[];
  skipped: SkippedSuggestion[];
} {
  const candidates: Candidate[] = [];
  const skipped: SkippedSuggestion[] = [];
  const taken = new Map<string, Candidate[]>();
  for (const comment of botSuggestions(input.comments, input.botLogin).sort(newestFirst)) {
    const checked = check(comment, input);
    if (!checked.ok) {
      skipped.push({ commentId: comment.id, path: comment.path, reason: checked.reason });
      continue;
    }
    const { candidate } = checked;
    const onFile = taken.get(candidate.path) ?? [];
    const newer = onFile.find((c) => candidate.start <= c.end && c.start <= candidate.end);
    if (newer) {
      skipped.push({
        commentId: comment.id,
        path: comment.path,
        reason: `superseded by a newer suggestion on the same lines (comment ${newer.comment.id})`,
      });
      continue;
    }
    onFile.push(candidate);
    taken.set(candidate.path, onFile);
    candidates.push(candidate);
  }
  return { candidates, skipped };
}
