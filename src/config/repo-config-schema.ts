import { z } from "zod";

/**
 * The schema of a repository's `.github/codex.yml`. Every key has a default, so an absent or empty
 * file means "the defaults", and an invalid value costs only that value (see `parseRepoConfig`).
 *
 * Objects are strict so that unknown keys (usually typos) are reported; `parseRepoConfig` turns those
 * reports into warnings, and the JSON Schema says `additionalProperties: false` so editors flag them
 * as they are typed. `.describe()` texts are what users read in their editor; TSDoc is for us.
 */

const priority = z.number().int().min(0).max(3);

// The same shape as the server's CODEX_TRIGGER, so a repository cannot pick a word the parser cannot read.
const TRIGGER_WORD = /^@[A-Za-z0-9][A-Za-z0-9-]*$/;

/** True for a well-formed BCP 47 language tag (`ja`, `pt-BR`, `zh-Hant`), as `Intl` reads them. */
function isLanguageTag(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

// A glob list is bounded: picomatch compiles one regular expression per glob, per review.
const globList = z.array(z.string().min(1).max(256)).max(100);

const triggersSchema = z
  .strictObject({
    /** Review draft PRs when opened or reopened, as a quiet pass. Default true. */
    drafts: z
      .boolean()
      .default(true)
      .describe(
        "Review draft pull requests when they are opened (a quiet pass: only the most important findings inline).",
      ),
    /** Full pass when a PR is opened as non-draft or marked ready for review. Default true. */
    ready: z
      .boolean()
      .default(true)
      .describe(
        "Review the whole pull request when it is opened (not as a draft) or marked ready for review.",
      ),
    /** Incremental pass on `synchronize` of a non-draft PR. Default true. */
    pushes: z
      .boolean()
      .default(true)
      .describe("Review the new commits when someone pushes to a pull request that is not a draft."),
    /** Incremental quiet pass on `synchronize` of a draft PR. Default true. */
    draftPushes: z
      .boolean()
      .default(true)
      .describe("Review the new commits of a draft pull request (a quiet pass)."),
    /**
     * Automatic reviews of PRs whose author has no write access (forks included): a normal review,
     * a quiet pass, or none. Within the outsiders' budget either way. Default "review".
     */
    outsiders: z
      .enum(["review", "quiet", "off"], { error: 'must be "review", "quiet" or "off"' })
      .default("review")
      .describe(
        'Automatic reviews of pull requests by people without write access (forks included), within a daily budget per author: "review", "quiet" (only the most important findings inline) or "off". A collaborator can always comment `@codex review`.',
      ),
  })
  .prefault({})
  .describe("Which pull request events start a review automatically. `@codex review` always works.");

const pathsSchema = z
  .strictObject({
    /** Globs (picomatch, on the head path) never reviewed; the planner's `exclude`. Default []. */
    ignore: globList
      .default([])
      .describe("Globs of files never to review, e.g. `docs/**` or `**/*.sql`. Wins over `include`."),
    /**
     * Globs reviewed although a default exclude (lockfile, generated, vendored…) would skip them;
     * the planner's `include`. Default [].
     */
    include: globList
      .default([])
      .describe("Globs of files to review even though they look generated, vendored or like a lockfile."),
  })
  .prefault({})
  .describe("Which changed files the review looks at.");

const conclusionSchema = z
  .strictObject({
    /** Conclusion of the check run when a P0 finding exists. Default "neutral" (never blocks a merge). */
    onP0: z
      .enum(["neutral", "failure"], { error: 'must be "neutral" or "failure"' })
      .default("neutral")
      .describe(
        'Check run conclusion when a P0 (must-fix) finding is reported. "failure" can block merging when the check is required.',
      ),
  })
  .prefault({})
  .describe("The conclusion of the “Codex review” check run.");

const guidelinesSchema = z
  .strictObject({
    /** Read review guidelines from the base branch's guideline files. Default true. */
    enabled: z
      .boolean()
      .default(true)
      .describe("Use the review section of the guideline files as extra review instructions."),
    /**
     * File names (not paths) looked up in the repository root and in every directory above a changed
     * file. A name only, because each name costs one lookup per directory. Default ["AGENTS.md"].
     */
    files: z
      .array(
        z
          .string()
          .min(1)
          .max(100)
          .regex(/^[^/\\]+$/, "must be a file name, not a path")
          .refine((name) => name !== "." && name !== "..", "must be a file name, not a path"),
      )
      .min(1)
      .max(5)
      .default(["AGENTS.md"])
      .describe(
        "Names of the guideline files, looked up in the root and in the directories of the changed files. Their section headed like “Review guidelines” is used.",
      ),
  })
  .prefault({})
  .describe("Review guidelines taken from files such as AGENTS.md on the base branch.");

export const repoConfigSchema = z
  .strictObject({
    triggers: triggersSchema,
    /** Pushes within this window coalesce into one review of the newest head. Default 30. */
    debounceSeconds: z
      .number()
      .int()
      .min(0)
      .max(600)
      .default(30)
      .describe("Seconds to wait after a push for further pushes, so a burst of pushes gets one review."),
    /**
     * The least important priority posted inline (0 = most important … 3 = nit); the rest are listed
     * in a collapsed section of the review body. Default 1: P0 and P1 inline, as in OpenAI's own
     * GitHub reviewer.
     */
    inlineUpToPriority: priority
      .default(1)
      .describe(
        "Findings up to this priority (0 = must fix … 3 = nit) are posted inline; less important ones are listed in a collapsed section of the review body. Default 1: P0 and P1 inline.",
      ),
    /**
     * The old, misleading name of `inlineUpToPriority` (it was always a maximum). Still read when the
     * new key is absent, with a deprecation notice in the check run. No default.
     */
    minInlinePriority: priority
      .optional()
      .describe("Deprecated: renamed to `inlineUpToPriority`, which wins when both are set.")
      .meta({ deprecated: true }),
    /**
     * Findings the model is less sure of than this (its `confidence_score`, 0–1) are not posted at
     * all. Default 0.5: a finding the model itself thinks more likely wrong than right is noise.
     */
    minConfidence: z
      .number()
      .min(0)
      .max(1)
      .default(0.5)
      .describe(
        "Findings with a model confidence score (0–1) below this are not posted at all. Default 0.5: a finding the model thinks more likely wrong than right is left out.",
      ),
    /** Like `inlineUpToPriority`, for quiet passes (drafts). Default 1: P0 and P1 only. */
    quietMaxPriority: priority
      .default(1)
      .describe("For quiet passes (draft pull requests): findings up to this priority are posted inline."),
    paths: pathsSchema,
    /** Inline comments per review; more than ~30 has made GitHub reject other bots' reviews. Default 25. */
    maxInlineComments: z
      .number()
      .int()
      .min(1)
      .max(50)
      .default(25)
      .describe("Most inline comments in one review; further findings are listed in the review body."),
    /** Longest committable suggestion, in lines; longer fixes are shown as a diff. Default 10. */
    suggestionMaxLines: z
      .number()
      .int()
      .min(1)
      .max(50)
      .default(10)
      .describe("Longest suggested change, in lines, offered as a one-click commit."),
    /** Reasoning effort; null = the server's CODEX_REASONING_EFFORT. Default null. */
    effort: z
      .enum(["low", "medium", "high", "xhigh"], { error: "must be low, medium, high, xhigh or null" })
      .nullable()
      .default(null)
      .describe("Model reasoning effort; leave unset (null) for the server's default. Higher is slower."),
    /** The mention word for this repository; null = the server's CODEX_TRIGGER. Default null. */
    trigger: z
      .string()
      .regex(TRIGGER_WORD, "must be an @-word such as @codex")
      .max(40)
      .nullable()
      .default(null)
      .describe(
        "The word that asks for a review in a comment, such as `@codex`; null for the server's default.",
      ),
    /**
     * The language of review text, replies and the check run's summary, as a BCP 47 tag; code,
     * suggestions and priority tags are never translated. Null = English. Default null.
     */
    language: z
      .string()
      .max(35)
      .refine(isLanguageTag, "must be a BCP 47 language tag such as ja or pt-BR")
      .nullable()
      .default(null)
      .describe(
        "Language of what the model writes (review text, answers, thread replies), as a BCP 47 tag such as `ja` or `pt-BR`; code and suggestions stay as they are. Null for English.",
      ),
    conclusion: conclusionSchema,
    guidelines: guidelinesSchema,
    /** Who may dismiss a finding (👎, `@codex ignore`, resolving its thread, a reply it concedes). */
    dismissals: z
      .enum(["collaborators", "collaborators-and-author"], {
        error: 'must be "collaborators" or "collaborators-and-author"',
      })
      .default("collaborators")
      .describe(
        'Who may dismiss a finding (a 👎, `@codex ignore`, resolving its thread, or a reply that convinces the bot): "collaborators" (write access) or "collaborators-and-author" (also the pull request\'s author).',
      ),
  })
  .meta({
    title: "codex-spark-bot repository configuration",
    description: "The file .github/codex.yml on the default branch. Every key is optional.",
  });

/** A repository's review settings, every default applied. */
export type RepoConfig = z.infer<typeof repoConfigSchema>;
/** What may be written in `.github/codex.yml`: every key optional. */
export type RepoConfigInput = z.input<typeof repoConfigSchema>;

/** The settings of a repository without a config file. */
export function defaultRepoConfig(): RepoConfig {
  // A fresh object each time: callers may mutate theirs, and there is no module-level mutable state.
  return repoConfigSchema.parse({});
}

/** The JSON Schema shipped as `codex.schema.json` for editor completion (draft-07: widest editor support). */
export function repoConfigJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(repoConfigSchema, { target: "draft-7", io: "input" }) as Record<string, unknown>;
}
