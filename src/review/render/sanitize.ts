import { closesFence, codeSpan, fenceOpenedBy, type Fence } from "./markdown.js";

/**
 * Model output is untrusted text (it may echo a PR that was written to attack us), and it is posted
 * under the app's name. Policy, applied to every piece of model text we render:
 *
 * - Mentions: an `@` that GitHub would read as a mention (`@user`, `@org/team`) gets a zero-width
 *   joiner (U+200D) after it. It still reads as `@user`, notifies nobody, and works in every context
 *   (link text, tables, headings), where wrapping in a code span would not.
 * - Trigger words (`@codex` by default): defused the same way everywhere, code included, because the
 *   bot's own command parser reads raw text, not rendered Markdown.
 * - HTML: outside code, `<` and `&` are escaped, so no tag, comment (a forged review marker) or
 *   entity (`&#64;` is an `@`) survives. Images (`![…](…)`) are defused, so no tracking pixel loads.
 * - Issue references (`#12`, `GH-12`, `owner/repo#12`, issue and pull request URLs) get the same
 *   joiner, so they neither link nor notify the issue (across repositories too), and a closing
 *   keyword before them (`Fixes #12`) has nothing to close.
 * - Fences: a fence the text leaves open is closed, so it cannot swallow what we append; a fence
 *   labelled `suggestion` is relabelled, because only verified suggestions may be committable.
 *
 * Known cosmetic cost: text in an indented (4-space) code block is escaped like prose.
 */

export const ZERO_WIDTH_JOINER = "\u200D";

export interface SanitizeOptions {
  /** Words that must never reach GitHub verbatim. Default ["@codex"]. */
  triggerWords?: readonly string[];
}

const DEFAULT_TRIGGERS = ["@codex"] as const;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Breaks every occurrence of the trigger words (any case) with a zero-width joiner after the first character. */
export function defuseTriggers(text: string, triggerWords: readonly string[] = DEFAULT_TRIGGERS): string {
  let out = text;
  for (const word of triggerWords) {
    if (word.length < 2) continue;
    const pattern = new RegExp(
      `(${escapeRegExp(word[0] as string)})(?=${escapeRegExp(word.slice(1))})`,
      "gi",
    );
    out = out.replace(pattern, `$1${ZERO_WIDTH_JOINER}`);
  }
  return out;
}

// GitHub mentions start at an `@` not preceded by a word character (so e-mail addresses are safe).
const MENTION = /(^|[^A-Za-z0-9_])@(?=[A-Za-z0-9])/g;

// `https://host/owner/repo/issues/12` (or /pull/, /discussions/): GitHub renders it as a reference.
const ISSUE_URL = /\b(https?):\/\/(?=[^\s/]+\/[^\s/]+\/[^\s/]+\/(?:issues|pull|pulls|discussions)\/\d)/gi;

/**
 * Breaks every issue reference with a zero-width joiner: `#12` and `owner/repo#12` after the `#`,
 * `GH-12` after the dash, and issue URLs inside `://` (which also stops them from autolinking; the
 * address stays readable as text). Plain text as much as Markdown: commit messages use it too.
 */
export function defuseReferences(text: string): string {
  return text
    .replace(/#(?=\d)/g, `#${ZERO_WIDTH_JOINER}`)
    .replace(/\b(gh)-(?=\d)/gi, `$1-${ZERO_WIDTH_JOINER}`)
    .replace(ISSUE_URL, `$1:/${ZERO_WIDTH_JOINER}/`);
}

function escapeProse(text: string): string {
  return defuseReferences(
    text
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/!\[/g, "!\\[")
      .replace(MENTION, `$1@${ZERO_WIDTH_JOINER}`),
  );
}

/** Escapes a paragraph outside its code spans; code spans (CommonMark pairing) pass through as is. */
function escapeParagraph(text: string): string {
  let out = "";
  let prose = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === "\\" && i + 1 < text.length && /[!-/:-@[-`{-~]/.test(text[i + 1] as string)) {
      prose += text.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (c !== "`") {
      prose += c;
      i++;
      continue;
    }
    let run = 1;
    while (text[i + run] === "`") run++;
    const ticks = "`".repeat(run);
    let close = text.indexOf(ticks, i + run);
    while (close >= 0 && text[close + run] === "`") {
      let skip = close;
      while (text[skip] === "`") skip++;
      close = text.indexOf(ticks, skip);
    }
    if (close < 0) {
      // Escaped, so a stray backtick cannot pair with a code span we append after this text.
      prose += "\\`".repeat(run);
      i += run;
      continue;
    }
    out += escapeProse(prose) + text.slice(i, close + run);
    prose = "";
    i = close + run;
  }
  return out + escapeProse(prose);
}

/** Sanitizes multi-line Markdown written by the model (a finding's body, the overall explanation). */
export function sanitizeMarkdown(text: string, options: SanitizeOptions = {}): string {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const out: string[] = [];
  let paragraph: string[] = [];
  let fence: Fence | null = null;
  const flush = (): void => {
    if (paragraph.length > 0) out.push(escapeParagraph(paragraph.join("\n")));
    paragraph = [];
  };
  for (const line of lines) {
    if (fence) {
      out.push(line);
      if (closesFence(line, fence)) fence = null;
      continue;
    }
    const opened = fenceOpenedBy(line);
    if (opened) {
      flush();
      fence = opened;
      out.push(line.replace(/^(\s*(?:`{3,}|~{3,})\s*)suggestion\b/i, "$1text"));
    } else if (line.trim() === "") {
      flush();
      out.push(line);
    } else {
      paragraph.push(line);
    }
  }
  flush();
  if (fence) out.push(fence.char.repeat(fence.length));
  return defuseTriggers(out.join("\n"), options.triggerWords);
}

/** Sanitizes one line of model text (a title): line breaks become spaces first. */
export function sanitizeInline(text: string, options: SanitizeOptions = {}): string {
  // A trailing backslash would escape whatever we write next to the title.
  const flat = text
    .replace(/\s*[\r\n]+\s*/g, " ")
    .trim()
    .replace(/\\+$/, "")
    .trimEnd();
  return defuseTriggers(escapeParagraph(flat), options.triggerWords);
}

/** Code the model wrote, for a block or span: verbatim except for defused trigger words. */
export function sanitizeCode(text: string, options: SanitizeOptions = {}): string {
  return defuseTriggers(text, options.triggerWords);
}

/** An inline code span of untrusted text (a path the model named, say). */
export function safeCodeSpan(text: string, options: SanitizeOptions = {}): string {
  return codeSpan(sanitizeCode(text, options));
}
