import { z } from "zod";
import { CONVERSATION_COMMANDS } from "../commands/types.js";

/** What caused a review. Mentions come from people; the rest are automatic. */
export const reviewTriggerSchema = z.enum(["mention", "opened", "ready", "push", "rerequested"]);
export type ReviewTrigger = z.infer<typeof reviewTriggerSchema>;

/**
 * Job payloads carry ids only — never tokens, never webhook payloads — so a job can be retried by any
 * worker hours later and read the current state from GitHub.
 */
export const reviewJobSchema = z.object({
  trigger: reviewTriggerSchema,
  installationId: z.number().int().positive(),
  owner: z.string().min(1),
  repo: z.string().min(1),
  pullNumber: z.number().int().positive(),
  /** The head this review is for; null for mentions (the worker reads the current head). */
  headSha: z
    .string()
    .regex(/^[0-9a-f]{40}$/)
    .nullable()
    .default(null),
  /** `full` reviews the whole PR; `incremental` the changes since the last head the bot reviewed. */
  mode: z.enum(["full", "incremental"]).default("full"),
  /** Quiet passes (drafts) post only the most important findings inline. */
  quiet: z.boolean().default(false),
  /** The webhook delivery GUID that caused the job. */
  deliveryId: z.string().min(1),
  /** The PR conversation comment that asked for the review, when a person asked. */
  commentId: z.number().int().positive().nullable().default(null),
  /** Login of the person who asked; their permission is checked before any paid work. */
  requestedBy: z.string().min(1).nullable().default(null),
  /** `@codex review <focus>` / `@codex fix <what>` in the conversation: what the person asked for. */
  focus: z
    .object({ kind: z.enum(["review", "fix"]), text: z.string().max(4_000) })
    .nullable()
    .default(null),
  /**
   * `@codex review <range | full | globs>`: what the review covers, as written (a range's SHAs are
   * checked against the PR's commits by the worker). Null: the pass's usual diff.
   */
  scope: z
    .discriminatedUnion("kind", [
      z.object({
        kind: z.literal("range"),
        from: z.string().regex(/^[0-9a-fA-F]{4,40}$/),
        to: z.string().regex(/^[0-9a-fA-F]{4,40}$/),
      }),
      z.object({ kind: z.literal("full") }),
      z.object({ kind: z.literal("paths"), globs: z.array(z.string().min(1).max(256)).min(1).max(20) }),
    ])
    .nullable()
    .default(null),
  /** The "Codex review" check run created when the job was queued, if any. */
  checkRunId: z.number().int().positive().nullable().default(null),
  /** Epoch ms of the first model rate limit this job waited out; null while it has not waited. */
  modelWaitSince: z.number().int().nonnegative().nullable().default(null),
  /** Set once the job waited long enough for the model: its next attempts use the fallback model. */
  useFallbackModel: z.boolean().default(false),
});

export type ReviewJob = z.infer<typeof reviewJobSchema>;
export type ReviewJobInput = z.input<typeof reviewJobSchema>;

/** A mention that is not a review: an answer, a thread reply, a commit, a switch. */
export const conversationJobSchema = z.object({
  command: z.enum(CONVERSATION_COMMANDS),
  /** For `thread`: a suggestion (`fix`) or an answer (`ask`). */
  mode: z.enum(["fix", "ask"]).nullable().default(null),
  installationId: z.number().int().positive(),
  owner: z.string().min(1),
  repo: z.string().min(1),
  pullNumber: z.number().int().positive(),
  deliveryId: z.string().min(1),
  /** The comment that holds the mention: a PR conversation comment, or a review comment in a thread. */
  commentId: z.number().int().positive(),
  requestedBy: z.string().min(1),
  /** GitHub's numeric user id, for the co-author trailer of `apply` commits. */
  requesterId: z.number().int().positive().nullable().default(null),
  /** What the person wrote after the command word. */
  text: z.string().max(4_000).default(""),
});

export type ConversationJob = z.infer<typeof conversationJobSchema>;
export type ConversationJobInput = z.input<typeof conversationJobSchema>;
