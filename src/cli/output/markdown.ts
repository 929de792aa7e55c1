import { renderReview } from "../../review/render/review.js";
import type { LocalReview } from "../run-local.js";

/**
 * `--format markdown`: the review as the app would post it — its body, then each inline comment
 * under the line it would sit on (GitHub shows those beside the diff). No hidden marker: there is
 * no pull request to find it in.
 */
export function renderMarkdown(review: LocalReview): string {
  const { settings } = review.setup.prepared;
  const { range } = review.setup;
  const rendered = renderReview({
    placed: review.placed,
    unplaced: review.unplaced,
    overall: review.output,
    notReviewed: review.setup.plan.notReviewed,
    options: {
      maxInlineComments: settings.maxInlineComments,
      inlineUpToPriority: settings.inlineUpToPriority,
      marker: "",
      triggerWords: settings.triggerWords,
      headerLines: [`Reviewed ${range.headName} against ${range.baseSha.slice(0, 7)} with ${review.model}.`],
    },
  });
  const comments = rendered.comments.map((c) => {
    const lines = c.start_line === undefined ? `line ${c.line}` : `lines ${c.start_line}-${c.line}`;
    return `---\n\n**\`${c.path}\` ${lines}**\n\n${c.body}`;
  });
  return `${[rendered.body.trimEnd(), ...comments].join("\n\n")}\n`;
}
