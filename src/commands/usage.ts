/**
 * The usage reply: every command in one line each. Commands are in code spans, so the bot's own
 * reply never reads as a mention of itself.
 */
export function usageText(trigger: string): string {
  const t = (rest: string): string => `\`${trigger}${rest === "" ? "" : ` ${rest}`}\``;
  return [
    `Mention ${t("")} in a comment on this pull request:`,
    "",
    `- ${t("review [focus]")} — review the pull request now.`,
    `- ${t("review full")} — review the whole pull request again, not held to what earlier reviews said.`,
    `- ${t("review abc1234..def5678")} — review exactly that range of this pull request's commits.`,
    `- ${t("review <path or glob>…")} — review only the changed files that match, such as \`src/api/**\`.`,
    `- ${t("fix [what]")} — a small fix: in a review thread, as a suggestion on the commented lines; in the conversation, as a review with suggestions.`,
    `- ${t("explain [question]")}, or any other question — a short answer.`,
    `- ${t("apply")} — commit my open suggestions on the current head as one commit. Needs the app's \`contents: write\` permission; on a fork, "Allow edits by maintainers" must be on.`,
    `- ${t("ignore [reason]")} — in a review thread: dismiss that finding.`,
    `- ${t("pause")} / ${t("resume")} — stop / restart automatic reviews on this pull request.`,
    `- ${t("help")} — this message.`,
    "",
    "Only people with write access to the repository can ask for reviews, fixes, answers and commits.",
  ].join("\n");
}
