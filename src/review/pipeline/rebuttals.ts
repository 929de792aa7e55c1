import { z } from "zod";
import { concededReply, keptReply, type Rebuttal } from "../ledger/index.js";
import type { PullRequestLedger } from "../ledger/types.js";
import type { ReviewThreadWriter } from "../ports-threads.js";
import type { PullRequestRef, ReviewModel } from "../ports.js";
import { visibleText } from "../prompt/build.js";
import { REBUTTAL_INSTRUCTIONS } from "../prompt/rebuttal.js";
import { languageSection } from "../prompt/pass.js";
import { untrustedBlock } from "../prompt/sanitize-input.js";
import { askStructured } from "./ask-structured.js";

const verdictSchema = z.strictObject({
  concede: z.boolean().describe("True when the reply shows the finding is wrong or does not apply."),
  reason: z.string().describe("One sentence: why the finding stands, or why it is withdrawn."),
});

/**
 * Replies in a finding's thread that argue with it: the model either concedes (the finding is
 * dismissed and the bot says so briefly) or keeps it with one sentence of reasoning.
 */
export async function answerRebuttals(input: {
  rebuttals: readonly Rebuttal[];
  model: ReviewModel;
  ledger: PullRequestLedger;
  threads: ReviewThreadWriter;
  pr: PullRequestRef;
  triggerWords: readonly string[];
  /** BCP 47 tag the reason is written in; null or absent for English. */
  language?: string | null;
  signal?: AbortSignal;
}): Promise<{ conceded: number; kept: number }> {
  const language = languageSection(input.language, "the reason");
  let conceded = 0;
  let kept = 0;
  for (const rebuttal of input.rebuttals) {
    const transcript = rebuttal.transcript
      .map((line) => `${line.fromBot ? "reviewer (you)" : `@${line.author}`}:\n${visibleText(line.body)}`)
      .join("\n\n---\n\n");
    const { value } = await askStructured(input.model, {
      schema: verdictSchema,
      name: "rebuttal_verdict",
      instructions: REBUTTAL_INSTRUCTIONS,
      messages: [
        { role: "user", content: untrustedBlock("review_thread", transcript) },
        ...(language === "" ? [] : [{ role: "user" as const, content: language }]),
      ],
      effort: "low",
      maxOutputTokens: 1_000,
      signal: input.signal,
    });
    const author = [...rebuttal.transcript].reverse().find((line) => !line.fromBot)?.author ?? "unknown";
    if (value.concede) {
      await input.ledger.markDismissed(rebuttal.fingerprint, { by: author, how: "rebuttal" });
      await input.threads.replyToReviewComment(
        input.pr,
        rebuttal.commentId,
        concededReply(rebuttal.fingerprint),
      );
      conceded++;
    } else {
      await input.threads.replyToReviewComment(
        input.pr,
        rebuttal.commentId,
        keptReply(value.reason, { triggerWords: input.triggerWords }),
      );
      kept++;
    }
  }
  return { conceded, kept };
}
