import type { FilePatch } from "../diff/index.js";
import { renderFileForPrompt } from "../diff/index.js";
import type { ModelMessage, PullRequestInfo } from "../ports.js";
import { languageSection, passSection, type PassKind } from "./pass.js";
import { INPUT_LIMITS, stripInvisible, untrustedBlock, visibleProse } from "./sanitize-input.js";

export interface PromptInput {
  pr: Pick<PullRequestInfo, "title" | "body" | "baseRef" | "headRef">;
  /** Every changed file of the PR, so a lane knows the shape of the whole change. */
  allPaths: readonly string[];
  /** The files whose diffs this request reviews. */
  patches: readonly FilePatch[];
  /** Review guidelines from the repository's base branch (AGENTS.md), if any: meant to be followed. */
  guidelines?: string;
  /** What a person asked the review to focus on (`@codex review <text>`), already delimited. */
  focus?: string | null;
  /** Which pass this is: exhaustive, or held to what changed. Default: none said. */
  pass?: PassKind;
  /** BCP 47 tag of the language to write in; null or absent for English. */
  language?: string | null;
}

/** Text a person wrote, as the model should see it: only what a reader of GitHub sees, bounded. */
export function visibleText(text: string, max: number = INPUT_LIMITS.comment): string {
  return visibleProse(stripInvisible(text), max);
}

/**
 * The per-request part of the prompt. Everything written by PR authors — branch names included —
 * is wrapped in untrusted-data blocks it cannot close; diff lines are not altered (placement depends
 * on them), only a line imitating the block's closing tag is defused.
 */
export function buildReviewMessages(input: PromptInput): ModelMessage[] {
  const sections: string[] = [];
  if (input.guidelines && input.guidelines.trim() !== "") {
    sections.push(
      `Repository review guidelines (from the base branch; follow them):\n${input.guidelines.trim()}`,
    );
  }
  if (input.pass) sections.push(passSection(input.pass));
  const language = languageSection(input.language);
  if (language !== "") sections.push(language);
  if (input.focus) sections.push(input.focus);
  const branches = `${input.pr.headRef} into ${input.pr.baseRef}`;
  sections.push(
    [
      "The pull request:",
      untrustedBlock("branches", branches),
      untrustedBlock("pr_title", visibleProse(input.pr.title, INPUT_LIMITS.title)),
      untrustedBlock("pr_description", visibleProse(input.pr.body, INPUT_LIMITS.description) || "(none)"),
    ].join("\n"),
  );
  sections.push(
    `All files changed in this pull request:\n${untrustedBlock("changed_files", input.allPaths.join("\n"))}`,
  );
  const diffs = input.patches.map((patch) => renderFileForPrompt(patch)).join("\n\n");
  sections.push(`Diffs to review:\n${untrustedBlock("diff", diffs)}`);
  return [{ role: "user", content: sections.join("\n\n") }];
}
