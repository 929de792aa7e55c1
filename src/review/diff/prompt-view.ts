import { isDeletionOnly } from "./lookup.js";
import type { DiffLine, FilePatch, Hunk } from "./types.js";

/** How the prompt view of a diff is drawn. */
export interface PromptViewOptions {
  /**
   * Longer lines are cut and marked, so one minified line cannot eat the token budget. A finding
   * quoting a cut line will not match and goes to the review body. Default 2000 characters.
   */
  maxLineChars?: number;
  /** Show the removed lines of deletion-only hunks instead of a one-line summary. Default false. */
  showDeletionOnlyHunks?: boolean;
}

export const DEFAULT_MAX_PROMPT_LINE_CHARS = 2000;

/**
 * The legend of the prompt view, for the instructions. Each shown head line is
 * `<head line number> <marker> <text>` with marker `+` (added) or a space (unchanged); removed lines
 * have a blank number column and marker `-`. Lines starting with `##` or `@@` are ours, never code.
 */
export const PROMPT_VIEW_LEGEND = [
  "Each file starts with a `## file:` line. Each hunk starts with a line `@@ head lines A-B @@`.",
  'Every line present in the new file is "<new line number> <marker> <code>", marker "+" for an added',
  'line and " " for an unchanged one. Removed lines have no number and the marker "-".',
  "Lines starting with `##` or `@@` are annotations, never code.",
].join("\n");

function describeFile(patch: FilePatch): string[] {
  const head = [`## file: ${patch.path} (${patch.status}, +${patch.additions} -${patch.deletions})`];
  if (patch.previousPath !== null && patch.previousPath !== patch.path) {
    head.push(`## ${patch.status === "copied" ? "copied" : "renamed"} from: ${patch.previousPath}`);
  }
  if (patch.missing === "binary_or_too_large") head.push("## no diff: binary file or diff too large to show");
  if (patch.missing === "no_content_change") head.push("## no content change");
  if (patch.missing === "malformed") head.push("## no diff: the patch could not be read");
  return head;
}

function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  // The marker uses brackets no language uses, so the model cannot take it for code it must quote.
  return `${text.slice(0, max)} ⟦… ${text.length - max} more characters not shown⟧`;
}

function renderLine(line: DiffLine, width: number, maxChars: number): string {
  const number = line.newLine === null ? "" : String(line.newLine);
  const marker = line.kind === "add" ? "+" : line.kind === "del" ? "-" : " ";
  return `${number.padStart(width)} ${marker} ${clip(line.text, maxChars)}`;
}

function renderHunk(hunk: Hunk, width: number, options: Required<PromptViewOptions>, out: string[]): void {
  const section = hunk.section === "" ? "" : ` ${clip(hunk.section, 200)}`;
  if (isDeletionOnly(hunk) && !options.showDeletionOnlyHunks) {
    const last = hunk.oldStart + hunk.oldLines - 1;
    out.push(
      `@@ ${hunk.oldLines} line(s) removed (base lines ${hunk.oldStart}-${last}), before head line ${hunk.newStart}; not shown @@${section}`,
    );
    return;
  }
  const range =
    hunk.newLines === 0
      ? `none (removal before line ${hunk.newStart})`
      : `${hunk.newStart}-${hunk.newStart + hunk.newLines - 1}`;
  out.push(`@@ head lines ${range} @@${section}`);
  for (const line of hunk.lines) {
    out.push(renderLine(line, width, options.maxLineChars));
    if (line.noEol && line.newLine !== null)
      out.push("@@ the head file ends here, without a final newline @@");
  }
}

/**
 * The diff as the model sees it: explicit head line numbers on every added and unchanged line, so a
 * finding can cite `start_line..end_line` and quote the exact text; removed lines carry no number
 * because GitHub cannot take a suggestion on them.
 */
export function renderFileForPrompt(patch: FilePatch, options: PromptViewOptions = {}): string {
  const resolved: Required<PromptViewOptions> = {
    maxLineChars: options.maxLineChars ?? DEFAULT_MAX_PROMPT_LINE_CHARS,
    showDeletionOnlyHunks: options.showDeletionOnlyHunks ?? false,
  };
  const out = describeFile(patch);
  const width = String(patch.maxNewLine).length;
  for (const hunk of patch.hunks) renderHunk(hunk, width, resolved, out);
  return out.join("\n");
}
