import { z } from "zod";

/**
 * Job payloads carry ids only — never tokens, never webhook payloads — so a job can be retried by any
 * worker hours later and read the current state from GitHub.
 */
export const reviewJobSchema = z.object({
  /** Why the review runs. */
  trigger: z.enum(["mention"]),
  installationId: z.number().int().positive(),
  owner: z.string().min(1),
  repo: z.string().min(1),
  pullNumber: z.number().int().positive(),
  /** The webhook delivery GUID that caused the job (also its idempotency key). */
  deliveryId: z.string().min(1),
  /** The PR conversation comment that asked for the review, when a person asked. */
  commentId: z.number().int().positive().nullable(),
  /** Login of the person who asked; their permission is checked before any paid work. */
  requestedBy: z.string().min(1).nullable(),
});

export type ReviewJob = z.infer<typeof reviewJobSchema>;
