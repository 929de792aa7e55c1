import type { NotReviewedEntry } from "./body.js";
import type {
  CheckCompleted,
  CheckCompletedInput,
  CheckFailedInput,
  CheckFinding,
  CheckInProgressInput,
  CheckPass,
  CheckRetryingInput,
  CheckSkippedInput,
  CheckText,
  SanitizedInput,
} from "./check-run-types.js";
import { truncateMarkdown } from "./markdown.js";
import { formatCount, formatUtcTime, inertInline, plainTitle, plural } from "./check-run-format.js";
import { safeCodeSpan, type SanitizeOptions } from "./sanitize.js";

export { formatCount, formatUtcTime, inertInline } from "./check-run-format.js";
export type {
  CheckCompleted,
  CheckCompletedInput,
  CheckConclusion,
  CheckFailedInput,
  CheckFinding,
  CheckInProgressInput,
  CheckPass,
  CheckRetryingInput,
  CheckSkippedInput,
  CheckText,
} from "./check-run-types.js";

/**
 * The text of the "Codex review" check run on the head SHA, for each state it goes through: queued,
 * in progress, retrying, completed, failed, skipped. Pure; the worker sends the result as the check
 * run's `output` (and `conclusion`). Nothing here links anywhere, and everything that came from a user,
 * the model or a service (paths, config problems, error reasons, the model id) is sanitized: the
 * summary is Markdown rendered under the app's name.
 */

// GitHub allows 65,535; JavaScript counts UTF-16 units, GitHub may count otherwise, so keep a margin.
const OUTPUT_LIMIT = 65_000;
const NOT_REVIEWED_LIMIT = 60_000;

function options(input: SanitizedInput): SanitizeOptions {
  return { triggerWords: input.triggerWords ?? ["@codex"] };
}

function passName(pass: CheckPass): string {
  const name = pass.mode === "full" ? "full review" : "incremental review";
  return pass.quiet ? `quiet ${name}` : name;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function passNote(pass: CheckPass): string[] {
  const notes: string[] = [];
  if (pass.mode === "incremental") notes.push("It covers the commits pushed since the last reviewed commit.");
  if (pass.quiet)
    notes.push("The pull request is a draft: only the most important findings are posted inline.");
  return notes;
}

/** `status: queued`, when the job is enqueued; `debounceSeconds` when it waits for further pushes. */
export function renderCheckQueued(pass: CheckPass, extra: { debounceSeconds?: number } = {}): CheckText {
  const wait =
    extra.debounceSeconds && extra.debounceSeconds > 0
      ? ` after ${plural(extra.debounceSeconds, "second")} without further pushes, so a burst of pushes gets one review`
      : " shortly";
  return {
    title: `Queued: ${passName(pass)}`,
    summary: [
      `${/^[aeiou]/.test(passName(pass)) ? "An" : "A"} ${passName(pass)} of this pull request will start${wait}.`,
      ...passNote(pass),
    ].join(" "),
  };
}

/** `status: in_progress`, while the model reviews. */
export function renderCheckInProgress(input: CheckInProgressInput): CheckText {
  const model = safeCodeSpan(input.model, options(input));
  const what = `${capitalised(passName(input.pass))} of ${plural(input.files, "file")} with ${model}.`;
  return {
    title: `Reviewing ${plural(input.files, "file")}`,
    summary: [
      what,
      ...passNote(input.pass),
      "The findings will be posted as one review on the pull request.",
    ].join(" "),
  };
}

/** `success` without P0/P1 findings; `neutral` with; `failure` with a P0 when the repository asks. */
export function checkConclusion(
  findings: readonly CheckFinding[],
  onP0: "neutral" | "failure" = "neutral",
): CheckCompleted["conclusion"] {
  if (onP0 === "failure" && findings.some((f) => f.priority === 0)) return "failure";
  return findings.some((f) => f.priority === 0 || f.priority === 1) ? "neutral" : "success";
}

const ROWS: ReadonlyArray<[string, number | null]> = [
  ["P0", 0],
  ["P1", 1],
  ["P2", 2],
  ["P3", 3],
  ["No priority", null],
];

function countTitle(findings: readonly CheckFinding[]): string {
  if (findings.length === 0) return "no findings";
  const parts = ROWS.flatMap(([label, priority]) => {
    const n = findings.filter((f) => f.priority === priority).length;
    return n === 0 ? [] : [`${n} ${priority === null ? "without priority" : label}`];
  });
  return `${plural(findings.length, "finding")} (${parts.join(", ")})`;
}

function countTable(findings: readonly CheckFinding[]): string {
  const count = (priority: number | null, placement: CheckFinding["placement"]): number =>
    findings.filter((f) => f.priority === priority && f.placement === placement).length;
  const rows = ROWS.map(([label, p]) => `| ${label} | ${count(p, "inline")} | ${count(p, "body")} |`);
  const inline = findings.filter((f) => f.placement === "inline").length;
  return [
    "| Priority | Inline | In the review body |",
    "| --- | ---: | ---: |",
    ...rows,
    `| **Total** | **${inline}** | **${findings.length - inline}** |`,
  ].join("\n");
}

function problemsSection(problems: readonly string[], path: string, sanitize: SanitizeOptions): string {
  if (problems.length === 0) return "";
  const items = problems.map((p) => `- ${inertInline(p, sanitize)}`);
  return [
    `**${safeCodeSpan(path, sanitize)} has problems**; defaults are used where a value is invalid:`,
    ...items,
  ].join("\n");
}

function notReviewedList(entries: readonly NotReviewedEntry[], sanitize: SanitizeOptions): string {
  const items: string[] = [];
  let size = 0;
  for (const [i, entry] of entries.entries()) {
    const item = `- ${safeCodeSpan(entry.path, sanitize)}: ${inertInline(entry.reason, sanitize)}`;
    if (size + item.length + 1 > NOT_REVIEWED_LIMIT) {
      items.push(`- … and ${plural(entries.length - i, "more file")} (list cut to fit GitHub's size limit)`);
      break;
    }
    items.push(item);
    size += item.length + 1;
  }
  return items.join("\n");
}

/** Strangers' 👎 are heard, not obeyed: only collaborators dismiss findings. */
function feedbackLine(count: number): string {
  if (count === 0) return "";
  return `Feedback: ${formatCount(count)} 👎 from people who cannot dismiss findings (counted, nothing dismissed).`;
}

function leftOutLine(leftOut: CheckCompletedInput["leftOut"]): string {
  if (!leftOut) return "";
  const parts = [
    leftOut.lowConfidence === 0
      ? ""
      : `${plural(leftOut.lowConfidence, "finding")} below the confidence floor (${leftOut.minConfidence}) not posted`,
    leftOut.unchangedCode === 0
      ? ""
      : `${plural(leftOut.unchangedCode, "minor finding")} on code this push did not change not posted (a later pass raises only P0/P1 there)`,
  ].filter((part) => part !== "");
  return parts.length === 0 ? "" : `Left out: ${parts.join("; ")}.`;
}

function soFarLine(soFar: CheckCompletedInput["soFar"]): string {
  if (!soFar) return "";
  return `This PR so far: ${soFar.fixed} fixed, ${soFar.dismissed} dismissed, ${soFar.open} open.`;
}

/** The files GitHub never listed: always counted, named below when their paths could be learned. */
function unlistedLine(count: number, named: boolean): string {
  if (count === 0) return "";
  const what = `${formatCount(count)} more ${count === 1 ? "file" : "files"} beyond GitHub's 3,000-file listing ${count === 1 ? "was" : "were"} not reviewed`;
  return named ? `${what} (named below).` : `${what}: GitHub does not name them.`;
}

const UNLISTED_REASON = "beyond GitHub's 3,000-file listing: never shown to the review";

/** `status: completed` after the review was posted: what was found, what was not looked at, and the cost. */
export function renderCheckCompleted(input: CheckCompletedInput): CheckCompleted {
  const sanitize = options(input);
  const { usage, findings } = input;
  const seconds = (Math.max(0, input.durationMs) / 1000).toFixed(1);
  const notReviewed = input.notReviewed.length;
  const unlistedPaths = (input.unlistedFiles ?? 0) === 0 ? [] : (input.unlistedPaths ?? []);
  const unlisted = unlistedLine(input.unlistedFiles ?? 0, unlistedPaths.length > 0);
  const intro = [
    `${capitalised(passName(input.pass))} of ${plural(input.filesReviewed, "file")} with ${safeCodeSpan(input.model, sanitize)} in ${seconds} s.`,
    ...(input.fallback ? [inertInline(input.fallback, sanitize)] : []),
    ...passNote(input.pass),
  ].join(" ");
  const listed =
    notReviewed === 0
      ? unlisted === ""
        ? "Files: all changed files reviewed."
        : "Files: all listed files reviewed."
      : `Files: ${formatCount(input.filesReviewed)} reviewed, ${formatCount(notReviewed)} not reviewed (listed below, with the reason).`;
  const files = [listed, unlisted].filter((part) => part !== "").join(" ");
  const tokens =
    `Tokens: ${formatCount(usage.inputTokens)} input (${formatCount(usage.cachedInputTokens)} cached), ` +
    `${formatCount(usage.outputTokens)} output (${formatCount(usage.reasoningTokens)} reasoning).` +
    (input.modelCalls === undefined ? "" : ` Paid model calls: ${formatCount(input.modelCalls)}.`);
  const sources = input.guidelineSources ?? [];
  const guidelines =
    sources.length === 0
      ? ""
      : `Review guidelines from ${sources.map((s) => safeCodeSpan(s, sanitize)).join(", ")}.`;
  const summary = [
    intro,
    problemsSection(input.configProblems ?? [], input.configPath ?? ".github/codex.yml", sanitize),
    findings.length === 0 ? "No findings." : countTable(findings),
    [leftOutLine(input.leftOut), soFarLine(input.soFar)].filter((line) => line !== "").join("\n"),

    [files, tokens, guidelines, feedbackLine(input.ignoredThumbsDown ?? 0)]
      .filter((line) => line !== "")
      .join("\n"),
  ].filter((part) => part !== "");
  const text = [
    unlisted === ""
      ? ""
      : [
          "### Not listed by GitHub",
          unlisted,
          notReviewedList(
            unlistedPaths.map((path) => ({ path, reason: UNLISTED_REASON })),
            sanitize,
          ),
        ]
          .filter((part) => part !== "")
          .join("\n\n"),
    notReviewed === 0
      ? unlisted === ""
        ? "Every changed file was reviewed."
        : ""
      : `### Not reviewed (${formatCount(notReviewed)})\n\n${notReviewedList(input.notReviewed, sanitize)}`,
  ]
    .filter((part) => part !== "")
    .join("\n\n");
  return {
    conclusion: checkConclusion(findings, input.onP0),
    title: `${capitalised(passName(input.pass))}: ${countTitle(findings)}`,
    summary: truncateMarkdown(summary.join("\n\n"), OUTPUT_LIMIT),
    text: truncateMarkdown(text, OUTPUT_LIMIT),
  };
}

/** `status: completed` when no review will be posted: why, and what happens next. */
export function renderCheckFailed(
  input: CheckFailedInput,
): CheckText & { conclusion: "neutral" | "failure" } {
  const sanitize = options(input);
  const next =
    input.next === null
      ? `No retry is scheduled${input.needsAction === true ? "; this needs fixing first" : ""}.`
      : `Next: ${inertInline(input.next, sanitize).replace(/\.?$/, ".")}`;
  const summary = [
    `**The review could not be completed: ${inertInline(input.reason, sanitize).replace(/\.$/, "")}.**`,
    next,
    problemsSection(input.configProblems ?? [], input.configPath ?? ".github/codex.yml", sanitize),
  ].filter((part) => part !== "");
  const title = input.next === null ? input.reason : `${input.reason} — ${input.next}`;
  return {
    conclusion: input.needsAction === true ? "failure" : "neutral",
    title: plainTitle(capitalised(title), sanitize),
    summary: truncateMarkdown(summary.join("\n\n"), OUTPUT_LIMIT),
  };
}

/** Still `in_progress`: an attempt failed and the job will run again at `retryAt`. */
export function renderCheckRetrying(input: CheckRetryingInput): CheckText {
  const sanitize = options(input);
  const at = formatUtcTime(input.retryAt);
  const attempt =
    input.attempt !== undefined && input.maxAttempts !== undefined
      ? ` (attempt ${input.attempt} of ${input.maxAttempts})`
      : "";
  return {
    title: plainTitle(`${capitalised(input.reason)} — retrying at ${at}`, sanitize),
    summary: `**${capitalised(inertInline(input.reason, sanitize)).replace(/\.$/, "")}.** The review will be tried again at ${at}${attempt}.`,
  };
}

/** `status: completed` for a head that will not be reviewed after all. */
export function renderCheckSkipped(
  input: CheckSkippedInput,
): CheckText & { conclusion: "neutral" | "cancelled" } {
  if (input.reason === "closed") {
    return {
      conclusion: "cancelled",
      title: "Pull request closed",
      summary: "The pull request was closed before the review finished; nothing was posted.",
    };
  }
  // Only a SHA is shown: anything else in this field would be text we did not check.
  const sha = input.newerHeadSha && /^[0-9a-f]{7,40}$/.test(input.newerHeadSha) ? input.newerHeadSha : null;
  const newer = sha ? `a newer commit (\`${sha.slice(0, 7)}\`)` : "a newer commit";
  // Neutral: the review did not run here, and the newer commit has its own run.
  return {
    conclusion: "neutral",
    title: sha ? `Superseded by ${sha.slice(0, 7)}` : "Superseded by a newer commit",
    summary: `This commit was replaced by ${newer} before its review was posted; the review moved there.`,
  };
}
