import { parseDocument } from "yaml";
import type { PullRequestReader, RepoRef } from "../review/ports.js";
import { defaultRepoConfig, repoConfigSchema, type RepoConfig } from "./repo-config-schema.js";
import {
  closestKey,
  formatPath,
  repoConfigErrorMap,
  shownKey,
  describeValue,
} from "./repo-config-problems.js";

export {
  defaultRepoConfig,
  repoConfigJsonSchema,
  repoConfigSchema,
  type RepoConfig,
  type RepoConfigInput,
} from "./repo-config-schema.js";

/** Where the file is looked for, in order, on the default branch. */
export const REPO_CONFIG_PATHS = [".github/codex.yml", ".github/codex.yaml"] as const;

export interface RepoConfigResult {
  config: RepoConfig;
  /** One short line per problem, each starting with its YAML path; empty when the file is fine. */
  problems: string[];
}

export interface LoadedRepoConfig extends RepoConfigResult {
  /** The file that was read, or null when the repository has none. */
  path: string | null;
}

// A settings file is a few hundred bytes; anything this large is a mistake, not worth parsing.
const MAX_FILE_CHARS = 64 * 1024;
// Nested aliases can expand a small file into a huge object ("billion laughs").
const MAX_ALIAS_COUNT = 50;
const MAX_PROBLEMS = 20;
// Each round drops what failed; a value only fails once, so a few rounds always reach a valid config.
const MAX_REPAIR_ROUNDS = 6;

type Path = PropertyKey[];

/** What repair did, worded once the final config (and so each default) is known. */
type Repair =
  | { kind: "default"; path: Path; message: string }
  | { kind: "entry"; path: Path; message: string }
  | { kind: "truncated"; path: Path; message: string; max: number }
  | { kind: "unknown"; path: Path; key: string };

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const key of path) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

function shownDefault(value: unknown): string {
  const json = JSON.stringify(value);
  return isMapping(value) || json === undefined || json.length > 60 ? "the defaults" : `the default: ${json}`;
}

function wordRepair(repair: Repair, config: RepoConfig): string {
  const where = formatPath(repair.path);
  switch (repair.kind) {
    case "default":
      return `${where}: ${repair.message} (using ${shownDefault(valueAt(config, repair.path))})`;
    case "entry":
      return `${where}: ${repair.message} (entry ignored)`;
    case "truncated":
      return `${where}: ${repair.message} (entries after the first ${repair.max} ignored)`;
    case "unknown": {
      const known = valueAt(config, repair.path);
      const guess = isMapping(known) ? closestKey(repair.key, Object.keys(known)) : null;
      const key = formatPath([...repair.path, shownKey(repair.key)]);
      return `${key}: unknown key, ignored${guess ? ` (did you mean "${guess}"?)` : ""}`;
    }
  }
}

function capped(problems: string[]): string[] {
  if (problems.length <= MAX_PROBLEMS) return problems;
  const rest = problems.length - (MAX_PROBLEMS - 1);
  return [...problems.slice(0, MAX_PROBLEMS - 1), `… and ${rest} more problems`];
}

/**
 * Removes every value that failed validation, so the next parse falls back to its default. A bad
 * entry of a list is removed alone (one typo should not drop the other ignore globs), and a list that
 * is too long keeps its first entries.
 */
function repairOnce(
  data: Record<string, unknown>,
  issues: readonly ZodIssueLike[],
  repairs: Repair[],
): boolean {
  const entries = new Map<unknown[], Set<number>>();
  for (const issue of issues) {
    const path = issue.path;
    const parent = valueAt(data, path.slice(0, -1));
    const last = path[path.length - 1];
    if (issue.code === "unrecognized_keys") {
      const target = valueAt(data, path);
      for (const key of issue.keys ?? []) {
        if (isMapping(target)) delete target[key];
        repairs.push({ kind: "unknown", path, key });
      }
      continue;
    }
    if (last === undefined || typeof parent !== "object" || parent === null) return false;
    const value = (parent as Record<PropertyKey, unknown>)[last];
    if (issue.code === "too_big" && Array.isArray(value) && typeof issue.maximum === "number") {
      value.length = issue.maximum;
      repairs.push({ kind: "truncated", path, message: issue.message, max: issue.maximum });
    } else if (Array.isArray(parent) && typeof last === "number") {
      entries.set(parent, (entries.get(parent) ?? new Set()).add(last));
      repairs.push({ kind: "entry", path, message: issue.message });
    } else {
      delete (parent as Record<PropertyKey, unknown>)[last];
      // `key:` with nothing after it (or a section whose lines are all commented out) is YAML null:
      // the author left the value unset, so the default applies without a complaint.
      if (value !== null) repairs.push({ kind: "default", path, message: issue.message });
    }
  }
  for (const [list, indexes] of entries) {
    for (const index of [...indexes].sort((a, b) => b - a)) list.splice(index, 1);
  }
  return true;
}

interface ZodIssueLike {
  code: string;
  path: PropertyKey[];
  message: string;
  keys?: string[];
  maximum?: number | bigint;
}

/**
 * `minInlinePriority` was always a maximum; it is read as `inlineUpToPriority` when that is absent,
 * and the check run says to rename it (the notice is one of the file's problems, so it is seen).
 */
function renamedKeys(
  config: RepoConfig,
  input: Record<string, unknown>,
): { config: RepoConfig; notice: string | null } {
  const { minInlinePriority: old, ...rest } = config;
  if (old === undefined) return { config: rest, notice: null };
  const both = input["inlineUpToPriority"] !== undefined;
  const notice = both
    ? "minInlinePriority: deprecated and ignored, because inlineUpToPriority is set; remove it"
    : `minInlinePriority: deprecated, renamed to inlineUpToPriority (using its value, ${old}, until you rename it)`;
  return { config: both ? rest : { ...rest, inlineUpToPriority: old }, notice };
}

function validate(input: Record<string, unknown>): RepoConfigResult {
  const repairs: Repair[] = [];
  for (let round = 0; round < MAX_REPAIR_ROUNDS; round++) {
    const result = repoConfigSchema.safeParse(input, { error: repoConfigErrorMap });
    if (result.success) {
      const problems = [...new Set(repairs.map((repair) => wordRepair(repair, result.data)))];
      const { config, notice } = renamedKeys(result.data, input);
      return { config, problems: capped(notice ? [...problems, notice] : problems) };
    }
    if (!repairOnce(input, result.error.issues as ZodIssueLike[], repairs)) break;
  }
  const config = defaultRepoConfig();
  const problems = repairs.map((repair) => wordRepair(repair, config));
  return { config, problems: capped([...problems, "the file could not be repaired; using the defaults"]) };
}

function readYaml(text: string): { value: unknown } | { problem: string } {
  const doc = parseDocument(text, { uniqueKeys: true });
  const [first, ...others] = doc.errors;
  if (first) {
    // The library's message carries a code excerpt after its first line; the position is enough here.
    const message = (first.message.split("\n")[0] ?? "").replace(/:\s*$/, "");
    const more =
      others.length === 0 ? "" : ` (and ${others.length} more YAML error${others.length === 1 ? "" : "s"})`;
    return { problem: `not valid YAML, using the defaults: ${message}${more}` };
  }
  try {
    return { value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (error) {
    const message = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
    return { problem: `not valid YAML, using the defaults: ${message}` };
  }
}

/**
 * Parses the text of `.github/codex.yml`. Never throws on user input: an absent or empty file gives the
 * defaults; an invalid value gives its default and a problem line; a file that is not YAML, or not a
 * mapping, gives all the defaults and a problem line. The problems are shown in the check run.
 */
export function parseRepoConfig(yamlText: string | null): RepoConfigResult {
  if (yamlText === null || yamlText.trim() === "") return { config: defaultRepoConfig(), problems: [] };
  if (yamlText.length > MAX_FILE_CHARS) {
    return { config: defaultRepoConfig(), problems: ["the file is larger than 64 KiB; using the defaults"] };
  }
  const read = readYaml(yamlText);
  if ("problem" in read) return { config: defaultRepoConfig(), problems: [read.problem] };
  // A file of comments only is an empty document.
  if (read.value === null || read.value === undefined) return { config: defaultRepoConfig(), problems: [] };
  if (!isMapping(read.value)) {
    return {
      config: defaultRepoConfig(),
      problems: [
        `(top level): must be a mapping of settings, got ${describeValue(read.value)}; using the defaults`,
      ],
    };
  }
  return validate(read.value);
}

/**
 * Reads the repository's config from its **default branch**, never from the pull request's head: the
 * file decides whether and how a PR is reviewed (triggers, ignored paths, the conclusion on P0), and a
 * PR author must not be able to change how their own PR is reviewed. A change to the file therefore
 * takes effect once it is merged. Errors reading the file (GitHub down, no permission) propagate, so
 * the worker retries rather than reviewing with settings the repository did not choose.
 */
export async function loadRepoConfig(
  reader: Pick<PullRequestReader, "getFileContent">,
  repo: RepoRef,
  defaultBranch: string,
): Promise<LoadedRepoConfig> {
  for (const path of REPO_CONFIG_PATHS) {
    const text = await reader.getFileContent(repo, path, defaultBranch);
    if (text !== null) return { path, ...parseRepoConfig(text) };
  }
  return { path: null, config: defaultRepoConfig(), problems: [] };
}
