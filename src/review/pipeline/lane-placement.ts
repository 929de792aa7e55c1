import { parseChangedFile, type FilePatch } from "../diff/index.js";
import { newSuggestionChecks, placeFindings, type SuggestionChecks } from "../findings/place.js";
import type { PlacementOptions } from "../findings/options.js";
import type { Finding } from "../findings/schema.js";
import type { ChangedFile, PullRequestReader, PullRequestRef } from "../ports.js";
import type { ReviewSettings } from "./context.js";
import { HeadContents } from "./head-contents.js";

/**
 * Head files read as soon as the plan is known, at most: one GET per reviewed file spends some of
 * the installation's rate limit (5,000 an hour) to take the read off the path after the model.
 */
const PREFETCH_MAX_FILES = 100;

/** How a review places its findings; the same for early and final placement, so checks carry over. */
export function placementOptions(settings: ReviewSettings): PlacementOptions {
  return {
    maxSuggestionLines: settings.maxSuggestionLines,
    triggerWords: settings.triggerWords,
    // Only suggestions that can be posted inline are worth proving against the head file.
    maxVerifiedSuggestions: settings.maxInlineComments,
  };
}

/** The files whose head text verifies a finding's suggestion; findings without one need none. */
export function suggestionPaths(findings: readonly Finding[]): string[] {
  return findings.filter((f) => f.suggestion !== null).map((f) => f.path);
}

/**
 * What composing a review needs from the head, gathered while the model still answers: as each
 * lane ends, the files of its suggestions are read and its suggestions proven (the costly part of
 * placing: applying and re-parsing the file), so the final placement of the whole review finds
 * them done and only the last lane's work is left when the model is.
 */
export class LanePlacement {
  /** The PR's diffs by head path, parsed once. */
  readonly patches: ReadonlyMap<string, FilePatch>;
  readonly checks: SuggestionChecks = newSuggestionChecks();
  readonly contents: HeadContents;

  constructor(
    reader: Pick<PullRequestReader, "getFileContent">,
    pr: PullRequestRef,
    headSha: string,
    files: readonly ChangedFile[],
    private readonly settings: ReviewSettings,
  ) {
    this.patches = new Map(files.map((f) => [f.path, parseChangedFile(f)]));
    this.contents = new HeadContents(reader, pr, headSha);
  }

  /** Starts reading paths of the PR that will be needed (the ledger's, for instance). */
  prefetch(paths: readonly string[]): void {
    this.contents.prefetch(paths.filter((path) => this.patches.has(path)));
  }

  /**
   * The lanes are planned: the head files they cover start to arrive now, so that no finding's
   * check waits for its file. Past a bound, files are read as their findings stream.
   */
  planned(paths: readonly string[]): void {
    this.prefetch(paths.slice(0, PREFETCH_MAX_FILES));
  }

  /** A finding has streamed: place it and prove its suggestion now. Never throws. */
  findingStreamed(finding: Finding): void {
    this.laneEnded([finding]);
  }

  /** A lane ended: read its suggestions' files, then prove its suggestions. Never throws. */
  laneEnded(findings: readonly Finding[]): void {
    const paths = suggestionPaths(findings).filter((path) => this.patches.has(path));
    if (paths.length === 0) return;
    // A failed read or check surfaces again, and is handled, when the review is composed.
    void this.contents
      .get(paths)
      .then((headContents) =>
        placeFindings({
          findings,
          patches: this.patches,
          headContents,
          options: placementOptions(this.settings),
          checks: this.checks,
        }),
      )
      .catch(() => {});
  }
}
