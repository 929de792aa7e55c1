import { parseArgs } from "node:util";
import type { RangeSpec } from "../git/range.js";
import { CliError } from "./errors.js";

export const FORMATS = ["human", "json", "markdown", "sarif"] as const;
export type OutputFormat = (typeof FORMATS)[number];

/** A parsed `codex-spark-bot review` command line. */
export interface ReviewArgs {
  command: "review";
  range: RangeSpec;
  format: OutputFormat;
  /** Exit 1 when a finding has this priority or a more important one (0 = P0); null: never. */
  failOn: number | null;
  apply: boolean;
  yes: boolean;
  plan: boolean;
  /** `--no-color`; colour is also off when stdout is not a terminal or NO_COLOR is set. */
  color: boolean;
}

export type ParsedArgs = ReviewArgs | { command: "help" } | { command: "version" };

export const USAGE = `Usage: codex-spark-bot review [<base>...<head> | <base>..<head> | <base> | --staged | --worktree] [options]

Reviews local changes with the same pipeline as the GitHub App. With no range: the merge base of
the current branch with the default branch, to the working tree (untracked files included).

Options:
  --format <human|json|markdown|sarif>  output format (default human)
  --fail-on <P0|P1|P2|P3>               exit 1 when a finding is this important or more
  --plan                                print the lane plan and the exact prompts; no model call
  --apply                               write the verified suggestions into the working tree
  --yes                                 with --apply: do not ask for confirmation
  --no-color                            no colour (also off when NO_COLOR is set or not a terminal)
  -h, --help                            this help
  --version                             the version

Environment: OPENAI_API_KEY (required unless --plan), OPENAI_BASE_URL, CODEX_MODEL,
CODEX_REASONING_EFFORT, CODEX_MAX_OUTPUT_TOKENS, CODEX_TRANSPORT and the other CODEX_* settings.
Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or configuration error,
3 model or network failure.`;

function parseFailOn(value: string | undefined): number | null {
  if (value === undefined) return null;
  const match = /^P([0-3])$/i.exec(value);
  if (!match) throw new CliError("usage", `--fail-on takes P0, P1, P2 or P3, not "${value}"`);
  return Number(match[1]);
}

function parseFormat(value: string | undefined): OutputFormat {
  const format = value ?? "human";
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new CliError("usage", `--format takes ${FORMATS.join(", ")}, not "${format}"`);
  }
  return format as OutputFormat;
}

function parseRange(positionals: readonly string[], staged: boolean, worktree: boolean): RangeSpec {
  const given = [positionals.length > 0, staged, worktree].filter(Boolean).length;
  if (given > 1 || positionals.length > 1) {
    throw new CliError("usage", "give one range: <base>...<head>, <base>..<head>, --staged or --worktree");
  }
  if (staged) return { kind: "staged" };
  if (worktree) return { kind: "worktree" };
  const [text] = positionals;
  return text === undefined ? { kind: "default" } : { kind: "range", text };
}

/** Parses `argv` (without node and the script); throws {@link CliError} on anything unclear. */
export function parseCliArgs(argv: readonly string[]): ParsedArgs {
  const [command, ...rest] = argv;
  if (command === undefined || command === "-h" || command === "--help" || command === "help") {
    return { command: "help" };
  }
  if (command === "--version" || command === "-v") return { command: "version" };
  if (command !== "review") throw new CliError("usage", `unknown command "${command}"\n\n${USAGE}`);
  let parsed;
  try {
    parsed = parseArgs({
      args: [...rest],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: "string" },
        "fail-on": { type: "string" },
        apply: { type: "boolean", default: false },
        yes: { type: "boolean", short: "y", default: false },
        plan: { type: "boolean", default: false },
        staged: { type: "boolean", default: false },
        worktree: { type: "boolean", default: false },
        "no-color": { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    // node:util's messages name the option and what is wrong with it.
    throw new CliError("usage", `${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: "help" };
  const args: ReviewArgs = {
    command: "review",
    range: parseRange(positionals, values.staged, values.worktree),
    format: parseFormat(values.format),
    failOn: parseFailOn(values["fail-on"]),
    apply: values.apply,
    yes: values.yes,
    plan: values.plan,
    color: !values["no-color"],
  };
  if (args.plan && args.apply)
    throw new CliError("usage", "--plan calls no model, so there is nothing to --apply");
  return args;
}
