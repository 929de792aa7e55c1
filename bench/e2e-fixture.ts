/**
 * The synthetic pull requests of `npm run bench -- e2e`, and the fake model's answers to them: one
 * realistic finding per file a request shows, read off the numbered diff in the prompt itself, so
 * that every finding places and every suggestion verifies exactly as a real one would.
 */
import type { PullRequestInput } from "../test/fakes/github/index.js";
import type { Finding } from "../src/review/findings/schema.js";
import type { ReceivedRequest } from "../test/fakes/model/index.js";

export const OWNER = "acme";
export const REPO = "ledger";
export const AUTHOR = "dana";
const BASE_LINES = 40;
const CHANGED_AT = 14;

function sha(seed: number): string {
  return seed.toString(16).padStart(8, "0").repeat(5);
}

function baseFile(i: number): string {
  const lines = Array.from({ length: BASE_LINES }, (_, k) => `  const value${k} = compute(ctx, ${i}, ${k});`);
  return [
    `export async function section${i}(ctx: Context): Promise<number> {`,
    ...lines,
    "  return 0;",
    "}",
    "",
  ].join("\n");
}

/** The head rewrites a dozen lines in the middle: one hunk of about 20 changed lines per file. */
function headFile(i: number): string {
  const lines = baseFile(i).split("\n");
  const changed = Array.from({ length: 12 }, (_, k) =>
    k === 3
      ? `  const total${i} = items.slice(start, start + size + 1).length; // off by one`
      : `  const next${k} = await load(ctx, "section-${i}", ${k}); // fetched per call`,
  );
  lines.splice(CHANGED_AT, 6, ...changed);
  return lines.join("\n");
}

export function filePath(i: number): string {
  return `src/module${Math.floor(i / 5)}/section${i}.ts`;
}

/** A pull request changing `files` files, each with one obvious bug for the model to find. */
export function syntheticPullRequest(number: number, files: number): PullRequestInput {
  const baseContents: Record<string, string> = {};
  const headContents: Record<string, string> = {};
  for (let i = 0; i < files; i++) {
    baseContents[filePath(i)] = baseFile(i);
    headContents[filePath(i)] = headFile(i);
  }
  return {
    owner: OWNER,
    repo: REPO,
    number,
    title: `Load sections lazily (${files} files)`,
    body: "Each section now loads its inputs on demand instead of at start-up.",
    user: AUTHOR,
    head: { sha: sha(number * 2 + 1), ref: `feature/lazy-${number}` },
    base: { sha: sha(number * 2), ref: "main" },
    baseContents,
    headContents,
  };
}

interface ShownFile {
  path: string;
  /** Head line number → text, for the lines the diff shows. */
  lines: Map<number, string>;
  added: number[];
}

/** The files of the request's own diff block, as the prompt view numbers them. */
function shownFiles(request: ReceivedRequest): ShownFile[] {
  const input = request.body.input as Array<{ content: string }> | undefined;
  const text = input?.[0]?.content ?? "";
  const diff = text.slice(text.lastIndexOf("Diffs to review:"));
  const files: ShownFile[] = [];
  for (const line of diff.split("\n")) {
    const header = /^## file: (\S+) \(/.exec(line);
    if (header) {
      files.push({ path: header[1] as string, lines: new Map(), added: [] });
      continue;
    }
    const numbered = /^\s*(\d+) ([+ ]) (.*)$/.exec(line);
    const file = files.at(-1);
    if (!numbered || !file) continue;
    const n = Number(numbered[1]);
    file.lines.set(n, numbered[3] as string);
    if (numbered[2] === "+") file.added.push(n);
  }
  return files;
}

/**
 * One finding per shown file, in the lean form the instructions ask for: a one-line finding with a
 * suggestion on even files, a six-line range quoted by its ends on odd ones.
 */
function findingFor(file: ShownFile, index: number, form: "full" | "lean"): Finding {
  const bug = [...file.lines].find(([, text]) => text.includes("off by one"));
  if (index % 2 === 0 && bug) {
    const [line, text] = bug;
    return {
      title: "Page holds one item too many",
      body: "`slice` excludes its end, so `start + size + 1` returns `size + 1` items.",
      priority: 1,
      confidence_score: 0.9,
      path: file.path,
      start_line: line,
      end_line: line,
      original_code: text,
      suggestion: text.replace("start + size + 1", "start + size"),
      deletes_lines: false,
    };
  }
  const start = file.added[0] ?? 1;
  const end = start + 5;
  const range = Array.from({ length: end - start + 1 }, (_, k) => file.lines.get(start + k) ?? "");
  return {
    title: "Inputs are fetched one call at a time",
    body: "Each `await load` waits for the previous one; load the section's inputs together.",
    priority: 2,
    confidence_score: 0.7,
    path: file.path,
    start_line: start,
    end_line: end,
    original_code: (form === "lean" ? [range[0], range.at(-1)] : range).join("\n"),
    suggestion: null,
    deletes_lines: false,
  };
}

/** The fake model's answer to one review request (one lane). */
export function laneAnswer(request: ReceivedRequest): string {
  const files = shownFiles(request);
  return JSON.stringify({
    findings: files.map((file, i) => findingFor(file, sectionOf(file.path, i), "lean")),
    overall_correctness: "patch is incorrect",
    overall_explanation: "Pagination returns an extra item.",
    overall_confidence_score: 0.8,
  });
}

function sectionOf(path: string, fallback: number): number {
  return Number(/section(\d+)\.ts$/.exec(path)?.[1] ?? fallback);
}

/** The findings the fake model gives for a PR of `files` files, every line of each range quoted. */
export function fullFindings(files: number): Finding[] {
  return Array.from({ length: files }, (_, i) => {
    const lines = headFile(i).split("\n");
    const shown: ShownFile = { path: filePath(i), lines: new Map(), added: [] };
    lines.forEach((text, k) => shown.lines.set(k + 1, text));
    for (let k = 0; k < 12; k++) shown.added.push(CHANGED_AT + 1 + k);
    return findingFor(shown, i, "full");
  });
}
