import picomatch from "picomatch";
import type { ReviewScope } from "../../commands/types.js";
import { ReviewScopeError } from "../../errors.js";
import type { ChangedFile, PullRequestInfo, PullRequestReader, PullRequestRef } from "../ports.js";

/**
 * `@codex review <range | globs>` made concrete against the pull request as it is now. Each
 * refusal is a {@link ReviewScopeError} whose message is the reply: it names what was written and
 * why it cannot be reviewed, so that the person can correct it.
 */

const short = (sha: string): string => sha.slice(0, 7);

/** The one commit a prefix names among `candidates`, or a reason it names none (or several). */
function pick(prefix: string, candidates: readonly string[]): string | ReviewScopeError {
  const wanted = prefix.toLowerCase();
  const found = [...new Set(candidates.filter((sha) => sha.toLowerCase().startsWith(wanted)))];
  if (found.length === 1) return found[0] as string;
  if (found.length > 1) {
    return new ReviewScopeError(
      `\`${prefix}\` names more than one commit of this pull request; write more of it.`,
    );
  }
  return new ReviewScopeError(`\`${prefix}\` is not a commit of this pull request.`);
}

/**
 * The full SHAs of `from..to`: `to` must be one of the PR's commits, and `from` one of them or the
 * PR's base, older than `to` — the range then lies inside the pull request.
 */
export async function resolveRange(
  reader: Pick<PullRequestReader, "listCommits">,
  pr: PullRequestRef,
  info: Pick<PullRequestInfo, "baseSha">,
  range: Extract<ReviewScope, { kind: "range" }>,
): Promise<{ from: string; to: string }> {
  const commits = await reader.listCommits(pr);
  const history = [info.baseSha, ...commits];
  const from = pick(range.from, history);
  if (from instanceof ReviewScopeError) throw from;
  const to = pick(range.to, commits);
  if (to instanceof ReviewScopeError) throw to;
  if (history.indexOf(from) >= history.indexOf(to)) {
    throw new ReviewScopeError(
      `\`${short(from)}..${short(to)}\` is empty or backwards: the first commit must come before the second.`,
    );
  }
  return { from, to };
}

/** The changed files matching any of `globs` (a folder such as `src/api/` stands for everything in it). */
export function filesMatching(files: readonly ChangedFile[], globs: readonly string[]): ChangedFile[] {
  const patterns = globs.map((glob) => (glob.endsWith("/") ? `${glob}**` : glob));
  const isMatch = picomatch(patterns, { dot: true });
  // A bare name ("README.md") matches at any depth, as it would in a .gitignore.
  const bare = picomatch(
    patterns.filter((p) => !p.includes("/")).map((p) => `**/${p}`),
    { dot: true },
  );
  return files.filter((f) => isMatch(f.path) || bare(f.path));
}

/** {@link filesMatching}, refusing a list of globs that matches nothing. */
export function restrictToGlobs(files: readonly ChangedFile[], globs: readonly string[]): ChangedFile[] {
  const kept = filesMatching(files, globs);
  if (kept.length === 0) {
    const shown = globs.map((g) => `\`${g.slice(0, 100)}\``).join(", ");
    throw new ReviewScopeError(
      `${shown} ${globs.length === 1 ? "matches" : "match"} none of the ${files.length} files this pull request changes.`,
    );
  }
  return kept;
}
