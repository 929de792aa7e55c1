import type { PullRequestLedger } from "../ledger/types.js";
import type { Log } from "../../observability/log.js";
import type { PermissionMemory } from "../pipeline/authorize.js";
import type { ReviewSettings } from "../pipeline/context.js";
import type { PauseSwitch } from "../pipeline/memory.js";
import type { SuggestionCommitter } from "../ports-commits.js";
import type { ReviewThreadReader, ReviewThreadWriter } from "../ports-threads.js";
import type { PullRequestReader, PullRequestRef, ReviewModel, ReviewPublisher } from "../ports.js";

/** Where the mention was written, which is where the answer goes. */
export type Place = { kind: "conversation" } | { kind: "thread"; commentId: number };

/** Everything a conversation command works with; built per job. */
export interface ConversationContext {
  log: Log;
  reader: PullRequestReader;
  publisher: ReviewPublisher;
  threads: ReviewThreadReader & ReviewThreadWriter;
  committer: SuggestionCommitter;
  permissions: PermissionMemory;
  ledger: PullRequestLedger;
  /** Automatic reviews on or off for the PR. */
  pause: Pick<PauseSwitch, "setPaused">;
  model: ReviewModel;
  settings: ReviewSettings;
  botLogin: string;
  signal?: AbortSignal;
}

/** Posts a reply where the mention was written: in its review thread, or in the PR conversation. */
export async function reply(
  ctx: ConversationContext,
  pr: PullRequestRef,
  place: Place,
  body: string,
): Promise<void> {
  if (place.kind === "thread") {
    await ctx.threads.replyToReviewComment(pr, place.commentId, body);
  } else {
    await ctx.publisher.createIssueComment(pr, body);
  }
}
