import { truncateMarkdown } from "../render/markdown.js";
import { safeCodeSpan, sanitizeInline, type SanitizeOptions } from "../render/sanitize.js";
import type { ApplyRefusal } from "./errors.js";
import type { AppliedSuggestion, SkippedSuggestion } from "./types.js";

const MAX_REPLY = 60_000;
const MAX_LISTED = 50;

export interface ApplyOutcome {
  /** The new commit, or null when nothing was committed. */
  commitSha: string | null;
  /** The head the suggestions were read against. */
  headSha: string;
  applied: readonly AppliedSuggestion[];
  skipped: readonly SkippedSuggestion[];
}

function where(path: string, start: number, end: number, options: SanitizeOptions): string {
  return `${safeCodeSpan(path, options)} ${start === end ? `line ${start}` : `lines ${start}–${end}`}`;
}

function list<T>(items: readonly T[], render: (item: T) => string): string[] {
  const shown = items.slice(0, MAX_LISTED).map(render);
  if (items.length > MAX_LISTED) shown.push(`- … and ${items.length - MAX_LISTED} more`);
  return shown;
}

/** The reply to `@codex apply`: what went into the commit, and what did not and why. */
export function renderApplyReply(outcome: ApplyOutcome, options: SanitizeOptions = {}): string {
  const short = (sha: string) => sha.slice(0, 7);
  const parts: string[] = [];
  const n = outcome.applied.length;
  if (outcome.commitSha !== null && n > 0) {
    parts.push(`Committed ${n} suggestion${n === 1 ? "" : "s"} in ${short(outcome.commitSha)}:`);
    parts.push(
      list(outcome.applied, (a) => {
        const title = a.title === "" ? "" : `: ${sanitizeInline(a.title, options)}`;
        return `- ${where(a.path, a.startLine, a.endLine, options)}${title}`;
      }).join("\n"),
    );
  } else {
    parts.push(`Nothing to apply: none of my suggestions still applies to ${short(outcome.headSha)}.`);
  }
  if (outcome.skipped.length > 0) {
    parts.push(`Skipped ${outcome.skipped.length}:`);
    parts.push(
      list(
        outcome.skipped,
        (s) =>
          `- ${safeCodeSpan(s.path, options)} (comment ${s.commentId}): ${sanitizeInline(s.reason, options)}`,
      ).join("\n"),
    );
  }
  return truncateMarkdown(parts.join("\n\n"), MAX_REPLY);
}

/** The polite refusal for each reason the app cannot push. */
export function refusalText(reason: ApplyRefusal): string {
  switch (reason) {
    case "fork_without_maintainer_edits":
      return "I can't commit to this pull request: its branch is in a fork that does not allow edits by maintainers. The author can tick **Allow edits by maintainers** and ask again, or commit the suggestions from the *Files changed* tab.";
    case "head_repository_gone":
      return "I can't commit to this pull request: the repository its branch came from no longer exists.";
    case "head_branch_missing":
      return "I can't commit to this pull request: its head branch no longer exists.";
    case "missing_contents_write":
      return "I can't commit to this pull request: this app was not granted the **Contents: write** permission, which `apply` needs. An admin can grant it in the app's installation settings; until then, suggestions can be committed from the *Files changed* tab.";
  }
}

/** The reply when the branch moved while the commit was being prepared. */
export function staleHeadText(): string {
  return "I didn't commit anything: the branch moved while I was preparing the commit. Ask again to apply my suggestions to the new head.";
}
