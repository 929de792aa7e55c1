import { closesFence, fenceOpenedBy, type Fence } from "../render/markdown.js";
import { ZERO_WIDTH_JOINER, defuseReferences } from "../render/sanitize.js";

const MAX_TITLE = 72;

/**
 * A one-line plain-text title for a comment, for commit messages and replies: its first line of
 * prose without our priority tag and Markdown emphasis. Mentions and issue references are
 * defused, because a commit message on the default branch acts on them (`Fixes #12` closes an
 * issue on merge, `GH-12` and `owner/repo#12` link across repositories).
 */
export function commentTitle(body: string): string {
  let fence: Fence | null = null;
  let first = "";
  for (const line of body.replace(/\r\n?/g, "\n").split("\n")) {
    if (fence) {
      if (closesFence(line, fence)) fence = null;
      continue;
    }
    fence = fenceOpenedBy(line);
    if (!fence && line.trim() !== "") {
      first = line;
      break;
    }
  }
  return plainText(first);
}

/** Untrusted text made safe for one line of a commit message. */
export function plainText(text: string): string {
  const flat = text
    .replace(/^\s*(?:\*\*\[P\d\]\*\*\s*)?/, "")
    .replace(/\*\*|__/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&amp;/g, "&")
    .replace(/\\([!-/:-@[-`{-~])/g, "$1")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/(^|[^A-Za-z0-9_])@(?=[A-Za-z0-9])/g, `$1@${ZERO_WIDTH_JOINER}`);
  return cut(defuseReferences(flat));
}

function cut(flat: string): string {
  const chars = [...flat];
  return chars.length <= MAX_TITLE ? flat : `${chars.slice(0, MAX_TITLE - 1).join("")}…`;
}
