import type { z } from "zod";

/**
 * Wording of `.github/codex.yml` problems. They are read by the person who wrote the file, in the
 * check run, so they name the YAML path and say what is allowed, in the file's own terms (a "list",
 * a "mapping"), not zod's.
 */

/** `paths.ignore[2]`: the path as a YAML author reads it. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out === "" ? "(top level)" : out;
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  boolean: "true or false",
  number: "a number",
  int: "a whole number",
  string: "a string",
  array: "a list",
  object: "a mapping of keys to values",
};

/** How a YAML value was written, for "got …"; never the value of a large or cyclic collection. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return `the string ${JSON.stringify(shown)}`;
  }
  return String(value);
}

function count(n: number | bigint, one: string, many: string): string {
  return `${n} ${Number(n) === 1 ? one : many}`;
}

/**
 * A zod error map for `safeParse(…, { error })`: a short message per issue. Messages set on the
 * schema itself (an enum's allowed values, the trigger word's shape) take precedence over these.
 */
export function repoConfigErrorMap(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case "invalid_type": {
      const expected = TYPE_NAMES[issue.expected] ?? issue.expected;
      return `must be ${expected}, got ${describeValue(issue.input)}`;
    }
    case "too_big": {
      const max = issue.maximum;
      if (issue.origin === "array") return `must have at most ${count(max, "entry", "entries")}`;
      if (issue.origin === "string") return `must be at most ${count(max, "character", "characters")} long`;
      return `must be at most ${max}`;
    }
    case "too_small": {
      const min = issue.minimum;
      if (issue.origin === "array") return `must have at least ${count(min, "entry", "entries")}`;
      if (issue.origin === "string")
        return min === 1 ? "must not be empty" : `must be at least ${min} characters long`;
      return `must be at least ${min}`;
    }
    case "invalid_value":
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    default:
      return undefined;
  }
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/**
 * The known key an unknown one was probably meant to be: the same up to case, `_` and `-`
 * (`debounce_seconds`), or at most two edits away (`draft` for `drafts`).
 */
export function closestKey(unknown: string, known: readonly string[]): string | null {
  const squash = (key: string): string => key.toLowerCase().replace(/[-_\s]/g, "");
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const key of known) {
    const distance =
      squash(unknown) === squash(key) ? 0 : editDistance(unknown.toLowerCase(), key.toLowerCase());
    if (distance < bestDistance) {
      best = key;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.min(2, Math.floor(unknown.length / 3)) ? best : null;
}

/** A key name as shown in a problem: user text, so bounded. */
export function shownKey(key: string): string {
  return key.length > 60 ? `${key.slice(0, 60)}…` : key;
}
