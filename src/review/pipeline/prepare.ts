import {
  REPO_CONFIG_PATHS,
  defaultRepoConfig,
  loadRepoConfig,
  type LoadedRepoConfig,
} from "../../config/repo-config.js";
import type { ReviewScope } from "../../commands/types.js";
import { loadGuidelines, type GuidelineReader, type Guidelines } from "../guidelines/index.js";
import type { ChangedFile, PullRequestInfo, PullRequestReader, PullRequestRef, RepoRef } from "../ports.js";
import type { ReviewContext, ReviewSettings } from "./context.js";
import { selectDiff, type DiffSelection } from "./select-diff.js";
import { applyRepoConfig } from "./settings.js";

/** What the first model call needs besides the pull request itself. */
export interface Prepared {
  repoConfig: LoadedRepoConfig;
  settings: ReviewSettings;
  selection: DiffSelection;
  /** Undefined when the repository turned guidelines off. */
  guidelines: Guidelines | undefined;
}

export interface PrepareInput {
  pr: PullRequestRef;
  info: PullRequestInfo;
  files: ChangedFile[];
  mode: "full" | "incremental";
  /** Read from Redis as the job started. */
  reviewedHead: Promise<string | null>;
  /** What a person asked to be reviewed (`@codex review <range | full | globs>`). Default none. */
  scope?: ReviewScope | null;
}

/**
 * The config file may sit under either of its names, which the loader tries one after the other:
 * both are asked for at once here, one round trip instead of two (a wasted read when the first
 * exists, which costs less than the wait).
 */
function askingConfigPathsAtOnce(
  reader: Pick<PullRequestReader, "getFileContent">,
  repo: RepoRef,
  branch: string,
): Pick<PullRequestReader, "getFileContent"> {
  const early = new Map<string, Promise<string | null>>(
    REPO_CONFIG_PATHS.map((path) => [path, reader.getFileContent(repo, path, branch)]),
  );
  // Read below, or deliberately not (when an earlier name exists).
  for (const read of early.values()) read.catch(() => {});
  return {
    getFileContent: (at, path, ref) =>
      (at === repo && ref === branch ? early.get(path) : undefined) ?? reader.getFileContent(at, path, ref),
  };
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, i) => name === b[i]);
}

/**
 * Reads the repository's config (default branch), the diff to review and the review guidelines
 * (base branch) together: each depends only on the pull request, not on the others — except that
 * the config can turn guidelines off or rename their files. So guidelines are read with the default
 * names while the config is still on its way, used as they are when the config keeps those names
 * (nearly always), dropped when it turns guidelines off, and read again only when it names other
 * files.
 *
 * Through the process's cache when there is one: both are then read at the commit their branch
 * points at (as last looked up; refreshed in the background), so a review on a known branch head
 * reads nothing, and which guideline files exist comes from one listing of that commit's tree.
 */
export async function prepareReview(
  ctx: Pick<ReviewContext, "reader" | "settings">,
  input: PrepareInput,
): Promise<Prepared> {
  const { pr, info } = input;
  const cached = ctx.settings.repoFiles?.for(ctx.reader);
  const reader: GuidelineReader = cached ?? ctx.reader;
  const defaults = defaultRepoConfig().guidelines.files;
  // A branch GitHub does not know (deleted meanwhile) is read as it was: by its name, or at the
  // PR's base commit.
  const commitOf = (branch: string, otherwise: string): Promise<string> =>
    cached ? cached.branchSha(pr, branch).then((sha) => sha ?? otherwise) : Promise.resolve(otherwise);
  const loading = commitOf(info.defaultBranch, info.defaultBranch).then((ref) =>
    loadRepoConfig(askingConfigPathsAtOnce(reader, pr, ref), pr, ref),
  );
  const guidelinesAt = commitOf(info.baseRef, cached ? info.baseSha : info.baseRef);
  // The base's listing depends on no diff: asked for now, while the diff is being selected.
  if (cached) void guidelinesAt.then((ref) => cached.mayExist(pr, ref, defaults)).catch(() => {});
  const selecting = input.reviewedHead.then((reviewedHead) =>
    selectDiff(ctx.reader, pr, input.files, input.mode, reviewedHead, info, input.scope ?? null),
  );
  const guidelinesFor = async (selection: DiffSelection, fileNames: readonly string[]): Promise<Guidelines> =>
    loadGuidelines(
      reader,
      pr,
      await guidelinesAt,
      selection.files.map((f) => f.path),
      // Every candidate at once (at most 20): one round trip, not five.
      { fileNames, concurrency: 20 },
    );
  const guessed = selecting.then((selection) => guidelinesFor(selection, defaults));
  // Settled below in every case; a failure here must not surface as an unhandled rejection first.
  guessed.catch(() => {});
  const [repoConfig, selection] = await Promise.all([loading, selecting]);
  const { enabled, files: names } = repoConfig.config.guidelines;
  const guidelines = !enabled
    ? undefined
    : sameNames(names, defaults)
      ? await guessed
      : await guidelinesFor(selection, names);
  return { repoConfig, settings: applyRepoConfig(ctx.settings, repoConfig.config), selection, guidelines };
}
