import { usageLines } from "./registry.js";

/**
 * The usage reply: every command in one line each. Commands are in code spans, so the bot's own
 * reply never reads as a mention of itself.
 */
export function usageText(trigger: string): string {
  const t = (rest: string): string => `\`${trigger}${rest === "" ? "" : ` ${rest}`}\``;
  return [
    `Mention ${t("")} in a comment on this pull request:`,
    "",
    ...usageLines(t).map((line) => `- ${line}`),
    "",
    "Only people with write access to the repository can ask for reviews, fixes, answers and commits.",
  ].join("\n");
}
