import type { CheckText } from "./check-run-types.js";
import { safeCodeSpan } from "./sanitize.js";

/**
 * `status: completed`, `neutral`, when an automatic review of a PR by someone without write access
 * was not made: the repository turned such reviews off, or the shared budget is spent. No model call
 * was made; a collaborator can still ask for a review.
 */
export function renderCheckOutsider(input: {
  reason: "off" | "author" | "installation";
  trigger: string;
  triggerWords?: readonly string[];
}): CheckText & { conclusion: "neutral" } {
  const ask = `a collaborator can comment ${safeCodeSpan(`${input.trigger} review`, { triggerWords: input.triggerWords })}`;
  if (input.reason === "off") {
    return {
      conclusion: "neutral",
      title: "Not reviewed automatically",
      summary: `Automatic reviews of pull requests by people without write access are off in this repository (\`triggers.outsiders: off\`) — ${ask}.`,
    };
  }
  const which =
    input.reason === "author"
      ? "The author's daily budget of automatic reviews is used up."
      : "This installation's hourly budget of automatic reviews for contributors without write access is used up.";
  return {
    conclusion: "neutral",
    title: "Review budget reached",
    summary: `Review budget reached — ${ask}. ${which} No model call was made.`,
  };
}
