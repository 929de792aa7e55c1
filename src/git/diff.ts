import { mapConcurrent } from "../review/pipeline/concurrency.js";
import type { ChangedFile, ChangedFileStatus } from "../review/ports.js";
import { GitError } from "./errors.js";
import type { LocalRange } from "./range.js";
import { runGit } from "./run.js";

/** The files a local range changes, in the shape GitHub lists a pull request's files. */
export interface LocalDiff {
  files: ChangedFile[];
  /** Paths whose change git shows as binary (they get no patch, as on GitHub). */
  binary: string[];
}

// Fixed output whatever the user's config says: no external or text-converted diffs, a/ b/ prefixes.
const DIFF_FLAGS = [
  "--no-color",
  "--no-ext-diff",
  "--no-textconv",
  "--find-renames",
  "--src-prefix=a/",
  "--dst-prefix=b/",
];

/** git processes at once for untracked files: a few, on a developer's machine. */
const UNTRACKED_READS = 4;

const STATUS: Readonly<Record<string, ChangedFileStatus>> = {
  A: "added",
  D: "removed",
  M: "modified",
  R: "renamed",
  C: "copied",
  T: "changed",
};

interface NameEntry {
  status: ChangedFileStatus;
  path: string;
  previousPath: string | null;
}

function targetArgs(range: LocalRange): string[] {
  if (range.head.kind === "commit") return [range.baseSha, range.head.sha];
  if (range.head.kind === "index") return ["--cached", range.baseSha];
  return [range.baseSha];
}

/** `--name-status -z`: a status, then one path (two for renames and copies), NUL-separated. */
function parseNameStatus(raw: string): NameEntry[] {
  const tokens = raw.split("\0").filter((t) => t !== "");
  const entries: NameEntry[] = [];
  for (let i = 0; i < tokens.length;) {
    const code = (tokens[i] ?? "").charAt(0);
    const twoPaths = code === "R" || code === "C";
    const first = tokens[i + 1] ?? "";
    const second = twoPaths ? (tokens[i + 2] ?? "") : null;
    entries.push({
      status: STATUS[code] ?? "modified",
      path: second ?? first,
      previousPath: twoPaths ? first : null,
    });
    i += twoPaths ? 3 : 2;
  }
  return entries;
}

/** One file's section of `git diff` as GitHub's `patch`: its hunks only, headers dropped. */
function toChangedFile(entry: NameEntry, section: string): { file: ChangedFile; binary: boolean } {
  const binary = /^(?:Binary files .* differ|GIT binary patch)$/m.test(section);
  const start = section.search(/^@@ /m);
  const patch = start < 0 ? null : section.slice(start).replace(/\n$/, "");
  let additions = 0;
  let deletions = 0;
  for (const line of patch?.split("\n") ?? []) {
    if (line.startsWith("+")) additions++;
    else if (line.startsWith("-")) deletions++;
  }
  const file: ChangedFile = {
    path: entry.path,
    previousPath: entry.previousPath,
    status: entry.status,
    patch,
    additions,
    deletions,
    changes: additions + deletions,
  };
  return { file, binary };
}

function splitSections(raw: string): string[] {
  return raw.split(/^(?=diff --git )/m).filter((s) => s.startsWith("diff --git "));
}

async function trackedChanges(range: LocalRange): Promise<Array<{ file: ChangedFile; binary: boolean }>> {
  const target = targetArgs(range);
  const [names, patches] = await Promise.all([
    runGit(range.root, ["diff", ...DIFF_FLAGS, "--name-status", "-z", ...target, "--"]),
    runGit(range.root, ["diff", ...DIFF_FLAGS, ...target, "--"]),
  ]);
  const entries = parseNameStatus(names.stdout.toString("utf8"));
  const sections = splitSections(patches.stdout.toString("utf8"));
  // Both listings come from the same diff in the same order; anything else is not safe to pair.
  if (entries.length !== sections.length) {
    throw new GitError(
      "git_failed",
      `git diff listed ${entries.length} files but printed ${sections.length}`,
    );
  }
  return entries.map((entry, i) => toChangedFile(entry, sections[i] ?? ""));
}

/** Files on disk that git does not track yet (and does not ignore): new files of the change too. */
async function untrackedFiles(range: LocalRange): Promise<Array<{ file: ChangedFile; binary: boolean }>> {
  const listed = await runGit(range.root, ["ls-files", "--others", "--exclude-standard", "-z"]);
  const paths = listed.stdout
    .toString("utf8")
    .split("\0")
    .filter((p) => p !== "");
  // `--no-index` exits 1 when the files differ, which a new file always does.
  return mapConcurrent(paths, UNTRACKED_READS, async (path) => {
    const shown = await runGit(range.root, ["diff", ...DIFF_FLAGS, "--no-index", "--", "/dev/null", path], {
      okExitCodes: [1],
    });
    return toChangedFile({ status: "added", path, previousPath: null }, shown.stdout.toString("utf8"));
  });
}

/** What the range changes: every file, with its patch where git shows text. */
export async function listChangedFiles(range: LocalRange): Promise<LocalDiff> {
  const tracked = await trackedChanges(range);
  const extra = range.head.kind === "worktree" ? await untrackedFiles(range) : [];
  const all = [...tracked, ...extra].sort((a, b) =>
    a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : 0,
  );
  return { files: all.map((c) => c.file), binary: all.filter((c) => c.binary).map((c) => c.file.path) };
}
