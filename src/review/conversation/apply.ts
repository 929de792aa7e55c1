import { StaleHeadError } from "../../errors.js";
import { parseFindingMarker } from "../ledger/index.js";
import {
  applyCommitMessage,
  isApplyRefusedError,
  pathsToRead,
  planApply,
  pushTarget,
  refusalText,
  renderApplyReply,
  staleHeadText,
} from "../apply/index.js";
import type { PullRequestRef } from "../ports.js";
import { reply, type ConversationContext, type Place } from "./context.js";

/**
 * `@codex apply`: one commit on the PR's head branch with every still-applicable suggestion the bot
 * posted on the current head, then a reply saying what was applied and what was skipped. The head is
 * checked before and at the write (fast-forward only), so a moved branch is never overwritten.
 */
export async function applySuggestions(
  ctx: ConversationContext,
  input: { pr: PullRequestRef; place: Place; requester: { login: string; id: number | null } },
): Promise<void> {
  const { reader } = ctx;
  const triggerWords = ctx.settings.triggerWords;
  const [info, comments, ledger] = await Promise.all([
    reader.getPullRequest(input.pr),
    ctx.threads.listReviewComments(input.pr),
    ctx.ledger.all(),
  ]);
  const target = pushTarget(info);
  if (!target.ok) {
    await reply(ctx, input.pr, input.place, refusalText(target.reason));
    return;
  }
  const paths = pathsToRead(comments, ctx.botLogin);
  const contents = await Promise.all(
    // Bytes, not text: the commit must keep every byte the suggestions do not change.
    paths.map((path) => reader.getFileBytes(input.pr, path, info.headSha)),
  );
  // Findings people dismissed are not applied, whatever their suggestion says.
  const dismissed = new Set([...ledger].filter(([, e]) => e.state === "dismissed").map(([fp]) => fp));
  const excluded = new Map<number, string>();
  for (const comment of comments) {
    const fp = parseFindingMarker(comment.body);
    if (fp !== null && dismissed.has(fp)) excluded.set(comment.id, "the finding was dismissed");
  }
  const plan = planApply({
    comments,
    botLogin: ctx.botLogin,
    headSha: info.headSha,
    headContents: new Map(paths.map((path, i) => [path, contents[i] ?? null])),
    excluded,
  });
  let commitSha: string | null = null;
  if (plan.files.length > 0) {
    const requester =
      input.requester.id === null ? null : { login: input.requester.login, id: input.requester.id };
    try {
      commitSha = (
        await ctx.committer.commitToHead(info, {
          message: applyCommitMessage(plan.applied, requester),
          files: plan.files,
        })
      ).sha;
    } catch (error) {
      if (error instanceof StaleHeadError) return reply(ctx, input.pr, input.place, staleHeadText());
      if (isApplyRefusedError(error)) return reply(ctx, input.pr, input.place, refusalText(error.reason));
      throw error;
    }
  }
  const body = renderApplyReply(
    { commitSha, headSha: info.headSha, applied: plan.applied, skipped: plan.skipped },
    { triggerWords },
  );
  await reply(ctx, input.pr, input.place, body);
}
