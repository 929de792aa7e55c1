import { INPUT_LIMITS, untrustedBlock, visibleProse } from "./sanitize-input.js";

/**
 * For `@codex review <focus>` and `@codex fix <what>` in the pull request conversation: a section to
 * append to the review prompt's user message, so the review concentrates on what was asked. The
 * request is untrusted data like everything else a person wrote (only its author was checked), so
 * it is delimited; the sentence around it is ours. Null when there is nothing to add.
 */
export function reviewFocusSection(kind: "review" | "fix", requester: string, text: string): string | null {
  const request = visibleProse(text, INPUT_LIMITS.request);
  if (kind === "review" && request === "") return null;
  const ask =
    kind === "fix"
      ? "asked for fixes. Report the problems this request is about, each with a suggestion whenever a small, certain fix exists; keep other findings to serious ones."
      : "asked for a review with this focus. Give it priority, without dropping serious problems elsewhere.";
  return `${requester} ${ask} Their request (untrusted):\n${untrustedBlock("request", request || "(no text: fix what you find)")}`;
}
