import { mapConcurrent } from "../pipeline/concurrency.js";
import type { PullRequestReader, RepoRef } from "../ports.js";
import { candidateDepth, candidatePath, DEFAULT_MAX_CANDIDATES, guidelineDirectories } from "./candidates.js";
import { capText, DEFAULT_MAX_SECTION_CHARS, extractReviewSection } from "./section.js";

/** How review guidelines are gathered; the repository's `guidelines` settings map onto the first two. */
export interface GuidelineOptions {
  /** Read guideline files at all. Default true. */
  enabled?: boolean;
  /** File names looked up in each directory. Default ["AGENTS.md"]. */
  fileNames?: readonly string[];
  /** Most files read (one request each), whatever the number of names. Default 20. */
  maxFiles?: number;
  /** Longest section taken from one file, in characters. Default 4,000. */
  maxCharsPerFile?: number;
  /** Longest guidelines text in all, labels included, in characters. Default 12,000. */
  maxTotalChars?: number;
  /** Requests in flight at once. Default 4. */
  concurrency?: number;
}

export interface Guidelines {
  /** The labelled sections, root first and the most specific last; "" when there are none. */
  text: string;
  /** Paths whose review section is in `text`, in the order of `text`. */
  sources: string[];
  /** Paths whose review section did not fit in `maxTotalChars`. */
  omitted: string[];
}

/** Where guideline files are read from. */
export interface GuidelineReader extends Pick<PullRequestReader, "getFileContent"> {
  /**
   * Which of `paths` may exist at `ref` (a listing of its files), in their order; every one when it
   * cannot tell. Absent: each directory is probed, one request per candidate.
   */
  mayExist?(repo: RepoRef, ref: string, paths: readonly string[]): Promise<string[]>;
}

export const DEFAULT_MAX_GUIDELINE_CHARS = 12_000;
// Below this, a truncated section would be a fragment, not guidance.
const MIN_USEFUL_CHARS = 400;

function label(path: string): string {
  const slash = path.lastIndexOf("/");
  const scope = slash < 0 ? "the whole repository" : `files under ${path.slice(0, slash + 1)}`;
  return `From ${path} (applies to ${scope}):`;
}

interface Part {
  path: string;
  text: string;
}

/**
 * Keeps sections in the order candidates were listed — the root, then the changed files' nearest
 * directories — so that when the total is short, the guidance farthest from every change is what
 * gets left out.
 */
function fitParts(found: readonly Part[], maxTotal: number): { kept: Part[]; omitted: string[] } {
  const kept: Part[] = [];
  const omitted: string[] = [];
  let room = maxTotal;
  for (const part of found) {
    const overhead = label(part.path).length + 3;
    const size = part.text.length + overhead;
    if (size <= room) {
      kept.push(part);
      room -= size;
    } else if (room - overhead >= MIN_USEFUL_CHARS) {
      kept.push({ path: part.path, text: capText(part.text, room - overhead) });
      room = 0;
    } else {
      omitted.push(part.path);
    }
  }
  return { kept, omitted };
}

/**
 * Review guidelines for a change, read from the **base** ref: guidance is instructions to the model,
 * and a pull request must not be able to write its own (an author could tell the reviewer to approve).
 * A file that is absent, or has no review section, contributes nothing. Errors reading a file propagate,
 * like every GitHub read of a review, so the job is retried rather than run without the guidance.
 */
export async function loadGuidelines(
  reader: GuidelineReader,
  repo: RepoRef,
  baseRef: string,
  changedPaths: readonly string[],
  options: GuidelineOptions = {},
): Promise<Guidelines> {
  if (options.enabled === false) return { text: "", sources: [], omitted: [] };
  const names = options.fileNames ?? ["AGENTS.md"];
  const maxFiles = options.maxFiles ?? DEFAULT_MAX_CANDIDATES;
  const maxPerFile = options.maxCharsPerFile ?? DEFAULT_MAX_SECTION_CHARS;
  // With a listing, looking in a directory costs nothing: every directory above a change is
  // looked in, and the bound applies to the files that exist.
  const directories = guidelineDirectories(changedPaths, reader.mayExist ? Infinity : maxFiles);
  const possible = [...new Set(directories.flatMap((dir) => names.map((name) => candidatePath(dir, name))))];
  const candidates = (reader.mayExist ? await reader.mayExist(repo, baseRef, possible) : possible).slice(
    0,
    maxFiles,
  );

  const sections = await mapConcurrent(candidates, options.concurrency ?? 4, async (path) => {
    const content = await reader.getFileContent(repo, path, baseRef);
    return content === null ? null : extractReviewSection(content, { maxChars: maxPerFile });
  });
  const found = candidates.flatMap((path, i) => {
    const text = sections[i];
    return text ? [{ path, text }] : [];
  });

  const { kept, omitted } = fitParts(found, options.maxTotalChars ?? DEFAULT_MAX_GUIDELINE_CHARS);
  // Root first, nearer files after: the model reads the more specific guidance last.
  const ordered = [...kept].sort(
    (a, b) => candidateDepth(a.path) - candidateDepth(b.path) || (a.path < b.path ? -1 : 1),
  );
  return {
    text: ordered.map((part) => `${label(part.path)}\n${part.text}`).join("\n\n"),
    sources: ordered.map((part) => part.path),
    omitted,
  };
}
