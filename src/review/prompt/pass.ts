/**
 * What the model is told about the pass it makes, and the language it writes in. Per request (not
 * in the cached instructions), because it changes from one pass to the next.
 *
 * Convergence: a first look is exhaustive — everything it would ever say, it says now — so that a
 * later look can be held to what changed. Review rounds end when later passes find only what the
 * push itself brought (the rule is also enforced after the answer, in `findings/signal.ts`).
 */

export type PassKind =
  /** The whole pull request (the first pass, a fallback after a force-push, `review full`). */
  | { kind: "full" }
  /** What changed since the last reviewed head. */
  | { kind: "later"; since: string; head: string }
  /** A range or files a person asked for: reviewed as asked, thoroughly. */
  | { kind: "requested" };

export function passSection(pass: PassKind): string {
  switch (pass.kind) {
    case "full":
    case "requested":
      return [
        "This review pass is exhaustive: report every finding you would raise on any later look, now, with no",
        "limit on their number. Later passes look only at new changes, so what is not said now is not said.",
      ].join("\n");
    case "later":
      return [
        `This is a later review pass: the diffs show only what changed from ${pass.since.slice(0, 7)} to ${pass.head.slice(0, 7)},`,
        "and everything before was reviewed already. Report problems on the changed lines, and regressions the",
        "changes cause elsewhere. Do not raise minor issues (priority 2 or 3) in code these changes did not touch.",
      ].join("\n");
  }
}

/** "Japanese" for `ja`: the model follows a language name more reliably than a bare tag. */
function languageName(tag: string): string {
  try {
    return new Intl.DisplayNames(["en"], { type: "language" }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/**
 * The instruction to write in a language other than English; "" for none. `fields` names what the
 * model writes in prose (the review's fields by default; a reply's for conversations).
 */
export function languageSection(
  tag: string | null | undefined,
  fields = "every title, body and overall_explanation",
): string {
  if (!tag || /^en(?:-|$)/i.test(tag)) return "";
  return [
    `Write ${fields} in ${languageName(tag)} (${tag}).`,
    "Keep code, identifiers, original_code and suggestions exactly as they are in the source; do not translate them.",
  ].join("\n");
}
