import { readReviewScope } from "./review-scope.js";
import type { Command, CommandKind, ConversationCommand, ReviewScope } from "./types.js";

/**
 * Every `@codex` command, declared once: the words that name it, how its argument is read, its line
 * in the usage reply, whether a mistyped word may mean it, and where it goes — a review job, a
 * conversation job (whose worker answers where the mention was written), or a reply from the web
 * server. The grammar, the typo hints, `help` and the router are derived from this table; the job
 * schema's command list is the domain's `CONVERSATION_COMMANDS`, and the worker's dispatch ends in
 * `assertNever`, so a command added here and handled nowhere fails to compile.
 */

/** What a command asks the router to do. */
export type Route =
  /** Reply with the usage, after `note` when there is one; nothing is queued. */
  | { kind: "usage"; note: string | null }
  /** Reply with this text; nothing is queued. */
  | { kind: "reply"; text: string }
  /**
   * Queue a review; `focus` is what the person asked it to concentrate on, `scope` the commits or
   * files it is limited to (none: the whole pull request, as automatic passes see it).
   */
  | { kind: "review"; focus: { kind: "review" | "fix"; text: string } | null; scope: ReviewScope | null }
  /** Queue a conversation job. */
  | { kind: "conversation"; command: ConversationCommand; mode: "fix" | "ask" | null; text: string };

/** Where the mention was written, as far as routing cares. */
export interface RouteContext {
  /** In a review thread (its answer goes there); otherwise the PR conversation or a review body. */
  inThread: boolean;
  trigger: string;
}

/** What the grammar hands a command's reader. */
export interface ReadInput {
  /** The whole request after the mention, trimmed. */
  text: string;
  /** The text after the command word. */
  rest: string;
  /** The command word as written, lowercased. */
  word: string;
  /** Whether `rest` is only politeness ("please", "all of them"). */
  onlyFiller: boolean;
  /** Whether some other part of the request is only politeness. */
  isFiller: (text: string) => boolean;
}

interface CommandSpec<K extends CommandKind> {
  /** The words that start this command; the first is the one the usage reply shows. */
  words: readonly string[];
  /** May a lone mistyped word be taken to mean this command ("reivew")? */
  typo: boolean;
  /** The usage lines, given a function that puts the trigger and its argument in a code span. */
  usage: ((t: (rest: string) => string) => string | readonly string[]) | null;
  /** The command a request starting with one of `words` is. */
  read(input: ReadInput): Command;
  route(command: Extract<Command, { kind: K }>, where: RouteContext): Route;
}

type Registry = { [K in Exclude<CommandKind, "unknown">]: CommandSpec<K> };

const argument = (input: ReadInput): string => (input.onlyFiller ? "" : input.rest);

const conversation = (command: ConversationCommand, text = "", mode: "fix" | "ask" | null = null): Route => ({
  kind: "conversation",
  command,
  mode,
  text,
});

/** In the order the usage reply lists them. */
export const COMMANDS: Registry = {
  review: {
    words: ["review"],
    typo: true,
    usage: (t) => [
      `${t("review [focus]")} — review the pull request now.`,
      `${t("review full")} — review the whole pull request again, not held to what earlier reviews said.`,
      `${t("review abc1234..def5678")} — review exactly that range of this pull request's commits.`,
      `${t("review <path or glob>…")} — review only the changed files that match, such as \`src/api/**\`.`,
    ],
    read: (input) => {
      const read = readReviewScope(input.rest);
      if (!read.ok) return { kind: "unknown", word: input.word, reason: read.reason };
      const text = input.isFiller(read.focus) ? "" : read.focus;
      return read.scope ? { kind: "review", text, scope: read.scope } : { kind: "review", text };
    },
    route: (command) => ({
      kind: "review",
      focus: command.text === "" ? null : { kind: "review", text: command.text },
      scope: command.scope ?? null,
    }),
  },
  fix: {
    words: ["fix"],
    typo: true,
    usage: (t) =>
      `${t("fix [what]")} — a small fix: in a review thread, as a suggestion on the commented lines; in the conversation, as a review with suggestions.`,
    read: (input) => ({ kind: "fix", text: argument(input) }),
    route: (command, where) =>
      where.inThread
        ? conversation("thread", command.text, "fix")
        : { kind: "review", focus: { kind: "fix", text: command.text }, scope: null },
  },
  ask: {
    words: ["explain"],
    typo: true,
    usage: (t) => `${t("explain [question]")}, or any other question — a short answer.`,
    read: (input) => ({ kind: "ask", text: input.text }),
    route: (command, where) =>
      where.inThread ? conversation("thread", command.text, "ask") : conversation("ask", command.text),
  },
  apply: {
    words: ["apply"],
    typo: true,
    usage: (t) =>
      `${t("apply")} — commit my open suggestions on the current head as one commit. Needs the app's \`contents: write\` permission; on a fork, "Allow edits by maintainers" must be on.`,
    read: (input) =>
      input.onlyFiller
        ? { kind: "apply" }
        : {
            kind: "unknown",
            word: input.word,
            reason: "`apply` takes no arguments: it commits all of my open suggestions at once.",
          },
    route: () => conversation("apply"),
  },
  ignore: {
    words: ["ignore"],
    typo: true,
    usage: (t) => `${t("ignore [reason]")} — in a review thread: dismiss that finding.`,
    read: (input) => ({ kind: "ignore", text: argument(input) }),
    route: (command, where) =>
      where.inThread
        ? conversation("ignore", command.text)
        : {
            kind: "reply",
            text: `\`${where.trigger} ignore\` works in the review thread of one of my findings: reply there to dismiss it.`,
          },
  },
  pause: {
    words: ["pause"],
    typo: true,
    usage: (t) => `${t("pause")} / ${t("resume")} — stop / restart automatic reviews on this pull request.`,
    read: (input) => ({ kind: "pause", text: argument(input) }),
    route: () => conversation("pause"),
  },
  resume: {
    words: ["resume"],
    typo: true,
    // Listed on pause's line.
    usage: null,
    read: (input) => ({ kind: "resume", text: argument(input) }),
    route: () => conversation("resume"),
  },
  help: {
    words: ["help"],
    typo: true,
    usage: (t) => `${t("help")} — this message.`,
    // "@codex help me understand this" is a question.
    read: (input) => (input.onlyFiller ? { kind: "help" } : { kind: "ask", text: input.text }),
    route: () => ({ kind: "usage", note: null }),
  },
};

type Spec = CommandSpec<Exclude<CommandKind, "unknown">>;

const SPECS = Object.values(COMMANDS) as Spec[];

/** Every command word, in the order the usage reply lists them. */
export const COMMAND_WORDS: readonly string[] = SPECS.flatMap((spec) => spec.words);

/** The words a single mistyped word may have meant, in the order they are tried. */
export const TYPO_TARGETS: readonly string[] = SPECS.filter((spec) => spec.typo).flatMap(
  (spec) => spec.words,
);

const BY_WORD = new Map<string, Spec>(
  SPECS.flatMap((spec) => spec.words.map((word) => [word, spec] as const)),
);

/** The command a request starting with `input.word` is, or null when that is no command word. */
export function readCommand(input: ReadInput): Command | null {
  return BY_WORD.get(input.word)?.read(input) ?? null;
}

/** Where a parsed command goes. */
export function routeOf(command: Command, where: RouteContext): Route {
  if (command.kind === "unknown") return { kind: "usage", note: command.reason };
  const spec = COMMANDS[command.kind] as CommandSpec<typeof command.kind>;
  return spec.route(command as never, where);
}

/** The usage lines of every command, in registry order. */
export function usageLines(t: (rest: string) => string): string[] {
  return SPECS.flatMap((spec) => (spec.usage ? [spec.usage(t)].flat() : []));
}
