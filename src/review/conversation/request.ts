import type { ConversationCommand } from "../../commands/types.js";
import type { PullRequestRef } from "../ports.js";

/**
 * A mention that is not a review, as the domain sees it: what to do, on which PR, for whom, and
 * about which comment. The worker maps the queue's job to this, as it maps a review job to a
 * `ReviewRequest`, so the domain never reads the queue's wire format.
 */
export interface ConversationRequest {
  command: ConversationCommand;
  pr: PullRequestRef;
  /** For `thread`: a suggestion (`fix`) or an answer (`ask`); null otherwise. */
  mode: "fix" | "ask" | null;
  /** The comment that holds the mention: a PR conversation comment, or a review comment in a thread. */
  commentId: number;
  /** Who asked; `id` (GitHub's numeric user id) feeds the co-author trailer of `apply` commits. */
  requester: { login: string; id: number | null };
  /** What the person wrote after the command word. */
  text: string;
}

/** Where the answer to a conversation command goes: the thread it was asked in, or the conversation. */
export function answersInThread(command: ConversationCommand): boolean {
  return command === "thread" || command === "ignore";
}
