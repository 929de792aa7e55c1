import { z } from "zod";
import { ledgerEntrySchema } from "../ledger/index.js";

const side = z.enum(["LEFT", "RIGHT"]);

const location = z.object({
  path: z.string(),
  startLine: z.number().int(),
  endLine: z.number().int(),
  original: z.array(z.string()).readonly(),
});

const entryAction = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("resolve"),
    fingerprint: z.string(),
    entry: ledgerEntrySchema,
    reply: z.string(),
  }),
  z.object({ kind: z.literal("track"), fingerprint: z.string(), entry: ledgerEntrySchema, to: location }),
  z.object({ kind: z.literal("note"), fingerprint: z.string(), entry: ledgerEntrySchema, reply: z.string() }),
  z.object({ kind: z.literal("outdate"), fingerprint: z.string(), entry: ledgerEntrySchema }),
]);

/**
 * A review composed and about to be posted, kept under its idempotency key before the POST. When
 * the POST fails (a 5xx, a timeout, a worker killed), the retry posts exactly this review if GitHub
 * shows none with its marker, or settles the ledger with it if GitHub does — without asking the
 * model again, and with the check run it would have shown.
 */
export const composedRecordSchema = z.object({
  headSha: z.string().regex(/^[0-9a-f]{40}$/),
  review: z.object({
    commitId: z.string(),
    body: z.string(),
    comments: z.array(
      z.object({
        path: z.string(),
        body: z.string(),
        line: z.number().int(),
        side,
        start_line: z.number().int().optional(),
        start_side: side.optional(),
      }),
    ),
  }),
  /** What the ledger needs to claim the review's findings again (its own claims, taken back). */
  candidates: z.array(
    z.object({
      fingerprint: z.string(),
      path: z.string(),
      startLine: z.number().int(),
      endLine: z.number().int(),
      title: z.string(),
      original: z.array(z.string()).readonly(),
    }),
  ),
  /** Reconcile's entry actions (resolve fixed threads, notes, tracking): idempotent by the ledger's CAS. */
  actions: z.array(entryAction),
  /** The completed check run of the review, shown again whichever attempt posts it. */
  check: z.object({
    conclusion: z.enum(["success", "neutral", "failure"]),
    title: z.string(),
    summary: z.string(),
    text: z.string().optional(),
  }),
});

export type ComposedRecord = z.infer<typeof composedRecordSchema>;
