import { basename } from "node:path";
import { parseChangedFile, type FilePatch } from "../review/diff/index.js";
import type { ReviewPlan } from "../review/plan/index.js";
import type { ChangedFile, PullRequestInfo, PullRequestRef } from "../review/ports.js";
import type { ReviewSettings } from "../review/pipeline/context.js";
import { prepareReview, type Prepared } from "../review/pipeline/prepare.js";
import { planLanes } from "../review/pipeline/review-lanes.js";
import { listChangedFiles, type LocalDiff } from "../git/diff.js";
import { findRoot, resolveRange, type LocalRange, type RangeSpec } from "../git/range.js";
import { describeRange, LocalGitReader } from "../git/reader.js";
import { CliError } from "./errors.js";

/** Everything known before the model is asked: the same preparation the app makes for a PR. */
export interface LocalSetup {
  range: LocalRange;
  pr: PullRequestRef;
  info: PullRequestInfo;
  files: ChangedFile[];
  reader: LocalGitReader;
  prepared: Prepared;
  patches: FilePatch[];
  plan: ReviewPlan;
}

function rangeText(range: LocalRange): string {
  return `${range.baseName} (${range.baseSha.slice(0, 7)}) to ${range.headName}`;
}

/** A diff the model cannot say anything about is an input error, not a clean review. */
function checkReviewable(range: LocalRange, diff: LocalDiff): void {
  if (diff.files.length === 0) {
    throw new CliError("empty_range", `nothing to review: no changes from ${rangeText(range)}`);
  }
  if (diff.files.every((f) => f.patch === null)) {
    if (diff.binary.length > 0) {
      const shown = diff.binary.slice(0, 5).join(", ") + (diff.binary.length > 5 ? ", …" : "");
      throw new CliError("binary_only", `nothing to review: only binary files changed (${shown})`);
    }
    throw new CliError(
      "empty_range",
      `nothing to review: only renames or mode changes from ${rangeText(range)}`,
    );
  }
}

/** Same wording as the check run's list of problems, so one fix serves both. */
function configProblems(prepared: Prepared): CliError | null {
  const { problems, path } = prepared.repoConfig;
  if (problems.length === 0) return null;
  const file = path ?? ".github/codex.yml";
  return new CliError(
    "config_invalid",
    `${file} (at the base commit) has problems:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
  );
}

/**
 * Resolves the range in the repository at `cwd`, lists its files, reads `.github/codex.yml` and the
 * review guidelines at the base commit, and plans the lanes — all without the model.
 */
export async function setUpLocalReview(
  cwd: string,
  spec: RangeSpec,
  settings: ReviewSettings,
): Promise<LocalSetup> {
  const root = await findRoot(cwd);
  const range = await resolveRange(root, spec);
  const diff = await listChangedFiles(range);
  checkReviewable(range, diff);
  const owner = "local";
  const pr: PullRequestRef = { owner, repo: basename(root), pullNumber: 0 };
  const info = await describeRange(range, owner);
  const reader = new LocalGitReader(range, info, diff.files);
  const prepared = await prepareReview(
    { reader, settings },
    { pr, info, files: diff.files, mode: "full", reviewedHead: Promise.resolve(null) },
  );
  const problem = configProblems(prepared);
  if (problem) throw problem;
  const patches = prepared.selection.files.map(parseChangedFile);
  const plan = planLanes({ settings: prepared.settings }, patches);
  return { range, pr, info, files: diff.files, reader, prepared, patches, plan };
}
