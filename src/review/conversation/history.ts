import type { SuggestionComment } from "../ports-commits.js";

/** One message of a conversation, as the prompt shows it. */
export interface ConversationMessage {
  author: string;
  /** Whether the author is this bot (its earlier answers and findings). */
  fromBot: boolean;
  body: string;
}

/**
 * The thread a review comment belongs to, oldest first: its root and every reply to it. GitHub
 * points every reply at the root (`in_reply_to_id`), whatever it answered.
 */
export function threadOf(comments: readonly SuggestionComment[], commentId: number): SuggestionComment[] {
  const comment = comments.find((c) => c.id === commentId);
  if (!comment) return [];
  const rootId = comment.inReplyToId ?? comment.id;
  return comments
    .filter((c) => c.id === rootId || c.inReplyToId === rootId)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id);
}

/** The thread as conversation messages, the bot's own recognised by its login. */
export function toMessages(comments: readonly SuggestionComment[], botLogin: string): ConversationMessage[] {
  const bot = botLogin.toLowerCase();
  return comments.map((c) => ({
    author: c.author ?? "(deleted account)",
    fromBot: (c.author ?? "").toLowerCase() === bot,
    body: c.body,
  }));
}
