import { defuseReferences } from "../render/sanitize.js";
import type { AppliedSuggestion } from "./types.js";

/** The user who asked for the commit, credited as co-author. */
export interface Requester {
  login: string;
  /** The numeric account id (GitHub's no-reply address is `<id>+<login>@users.noreply.github.com`). */
  id: number;
}

// GitHub logins: letters, digits and single hyphens, at most 39 characters; apps end in `[bot]`.
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$/;

/**
 * The `Co-authored-by` trailer GitHub recognises, or null when the login or id would not make a
 * well-formed one (a trailer must not carry arbitrary text into the commit).
 */
export function coAuthorTrailer(requester: Requester): string | null {
  if (!LOGIN.test(requester.login) || !Number.isSafeInteger(requester.id) || requester.id <= 0) return null;
  return `Co-authored-by: ${requester.login} <${requester.id}+${requester.login}@users.noreply.github.com>`;
}

function lines(start: number, end: number): string {
  return start === end ? `line ${start}` : `lines ${start}-${end}`;
}

/**
 * "Apply N suggestions from code review", a body listing each applied suggestion (path, lines,
 * title: all plain text already made safe by `commentTitle`), and the requester as co-author.
 */
export function applyCommitMessage(
  applied: readonly AppliedSuggestion[],
  requester: Requester | null,
): string {
  const count = applied.length;
  const subject = `Apply ${count} suggestion${count === 1 ? "" : "s"} from code review`;
  const body = applied.map((a) => {
    // A path is PR content: `docs/closes #3.md` would close issue 3 once this commit is merged.
    const where = `${defuseReferences(a.path)}, ${lines(a.startLine, a.endLine)}`;
    return a.title === "" ? `- ${where}` : `- ${where}: ${a.title}`;
  });
  const trailer = requester ? coAuthorTrailer(requester) : null;
  return [subject, "", ...body, ...(trailer ? ["", trailer] : [])].join("\n");
}
