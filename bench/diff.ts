/**
 * `npm run bench -- diff [--sizes 10,100,1000,3000] [--findings 1000] [--repeat 3] [--verify-all]`
 *
 * Synthetic pull requests from 10 to 3,000 files (100 changed lines each, so up to 300,000), in three
 * languages. Timed per size: parse every patch with its line maps, plan the lanes (which renders the
 * prompt view of every file), place 1,000 findings (exact, shifted, re-indented, lost; half with a
 * suggestion, verified against the head content: the 25 most important by default, as in production,
 * or all of them with `--verify-all`), and render the review. Prints the median time, the
 * process's peak RSS, and how time grows against size (1.0 = linear).
 */
import { parseChangedFile, type FilePatch } from "../src/review/diff/index.js";
import { placeFindings } from "../src/review/findings/place.js";
import type { Finding } from "../src/review/findings/schema.js";
import { planReview } from "../src/review/plan/index.js";
import type { ChangedFile } from "../src/review/ports.js";
import { renderReview } from "../src/review/render/review.js";
import { spawnSync } from "node:child_process";

const HUNKS_PER_FILE = 5;
const CHANGED_PER_HUNK = 10; // removed and as many added: 20 changed lines per hunk, 100 per file
const HEAD_LINES = 200;
const HUNK_STRIDE = HEAD_LINES / HUNKS_PER_FILE;
const EXTENSIONS = ["ts", "go", "py"] as const;

interface SyntheticFile {
  index: number;
  ext: string;
  file: ChangedFile;
  /** Head line numbers of added lines, where findings are cited. */
  added: number[];
}

function codeLine(ext: string, f: number, i: number, old: boolean): string {
  const name = `${old ? "legacy" : "value"}_${f}_${i}`;
  if (ext === "go") return `\t${name} := compute(ctx, ${i}) // ${old ? "before" : "after"}`;
  if (ext === "py") return `    ${name} = compute(ctx, ${i})  # ${old ? "before" : "after"}`;
  return `  const ${name} = compute(ctx, ${i}); // ${old ? "before" : "after"}`;
}

/** The whole head file; built only for files with findings, as the pipeline fetches only those. */
function headOf(file: SyntheticFile): string {
  return `${Array.from({ length: HEAD_LINES }, (_, i) => codeLine(file.ext, file.index, i + 1, false)).join("\n")}\n`;
}

function synthesize(f: number): SyntheticFile {
  const ext = EXTENSIONS[f % EXTENSIONS.length] as string;
  const patch: string[] = [];
  const added: number[] = [];
  for (let h = 0; h < HUNKS_PER_FILE; h++) {
    const start = h * HUNK_STRIDE + 1;
    const count = 3 + CHANGED_PER_HUNK + 3;
    patch.push(`@@ -${start},${count} +${start},${count} @@ section ${h}`);
    for (let i = 0; i < 3; i++) patch.push(` ${codeLine(ext, f, start + i, false)}`);
    for (let i = 0; i < CHANGED_PER_HUNK; i++) patch.push(`-${codeLine(ext, f, start + 3 + i, true)}`);
    for (let i = 0; i < CHANGED_PER_HUNK; i++) {
      added.push(start + 3 + i);
      patch.push(`+${codeLine(ext, f, start + 3 + i, false)}`);
    }
    for (let i = 0; i < 3; i++) patch.push(` ${codeLine(ext, f, start + 13 + i, false)}`);
  }
  const changes = HUNKS_PER_FILE * CHANGED_PER_HUNK * 2;
  const file: ChangedFile = {
    path: `src/module${Math.floor(f / 50)}/file${f}.${ext}`,
    previousPath: null,
    status: "modified",
    patch: patch.join("\n"),
    additions: changes / 2,
    deletions: changes / 2,
    changes,
  };
  return { index: f, ext, file, added };
}

/** 1,000 findings spread over the files: 60% exact, 20% cited 2 lines off, 10% re-indented, 10% lost. */
function findingsFor(files: readonly SyntheticFile[], count: number): Finding[] {
  const findings: Finding[] = [];
  for (let k = 0; k < count; k++) {
    const target = files[(k * 7919) % files.length] as SyntheticFile;
    const line = target.added[k % target.added.length] as number;
    const text = codeLine(target.ext, target.index, line, false);
    const kind = k % 10;
    const quote = kind === 9 ? "  this line is not in the diff" : kind === 8 ? text.trim() : text;
    findings.push({
      title: `Finding ${k}`,
      body: `Explanation ${k}: \`compute\` may return null <here>; ask @someone.`,
      priority: k % 4,
      confidence_score: 0.5 + (k % 5) / 10,
      path: target.file.path,
      start_line: kind === 6 || kind === 7 ? line + 2 : line,
      end_line: kind === 6 || kind === 7 ? line + 2 : line,
      original_code: quote,
      suggestion: k % 2 === 0 ? text.replace("compute(", "computeSafely(") : null,
      deletes_lines: false,
    });
  }
  return findings;
}

interface Sample {
  parse: number;
  plan: number;
  place: number;
  render: number;
  total: number;
  placed?: number;
  suggestions?: number;
}

function runOnce(
  files: readonly SyntheticFile[],
  findings: readonly Finding[],
  headContents: ReadonlyMap<string, string>,
  verifyAll = false,
): Sample {
  const t0 = performance.now();
  const patches = files.map((f) => parseChangedFile(f.file));
  const byPath = new Map<string, FilePatch>(patches.map((p) => [p.path, p]));
  const t1 = performance.now();
  const plan = planReview(patches);
  const t2 = performance.now();
  const placement = placeFindings({
    findings,
    patches: byPath,
    headContents,
    options: verifyAll ? { maxVerifiedSuggestions: Number.POSITIVE_INFINITY } : {},
  });
  const t3 = performance.now();
  const review = renderReview({
    ...placement,
    overall: {
      overall_correctness: "patch is incorrect",
      overall_explanation: "Synthetic.",
      overall_confidence_score: 0.5,
    },
    notReviewed: plan.notReviewed,
    options: { marker: "<!-- bench -->" },
  });
  const t4 = performance.now();
  if (findings.length > 0 && review.comments.length === 0) throw new Error("bench: nothing was placed");
  const suggestions = placement.placed.filter((p) => p.fix.kind === "suggestion").length;
  return {
    parse: t1 - t0,
    plan: t2 - t1,
    place: t3 - t2,
    render: t4 - t3,
    total: t4 - t0,
    placed: placement.placed.length,
    suggestions,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function option(args: string[], name: string, fallback: string): string {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && args[at + 1] !== undefined ? (args[at + 1] as string) : fallback;
}

interface Measurement extends Sample {
  files: number;
  lines: number;
  placed: number;
  suggestions: number;
  rssMb: number;
}

/**
 * One size, in its own process so that its peak RSS is its own: the median of `repeat` runs. The
 * inputs (patch texts, and head contents of the files with findings) count in the RSS, as they would
 * in a worker.
 */
export function measure(size: number, findingCount: number, repeat: number, verifyAll = false): Measurement {
  const warm = Array.from({ length: 60 }, (_, f) => synthesize(f));
  const warmFindings = findingsFor(warm, 200);
  runOnce(warm, warmFindings, new Map(warm.map((f) => [f.file.path, headOf(f)])));
  const files = Array.from({ length: size }, (_, f) => synthesize(f));
  const findings = findingsFor(files, findingCount);
  const wanted = new Set(findings.map((f) => f.path));
  const headContents = new Map(
    files.filter((f) => wanted.has(f.file.path)).map((f) => [f.file.path, headOf(f)]),
  );
  // Garbage from building the inputs is not the engine's: collect it when the child allows.
  (globalThis as { gc?: () => void }).gc?.();
  const samples = Array.from({ length: repeat }, () => {
    const sample = runOnce(files, findings, headContents, verifyAll);
    // Each run's garbage is collected before the next, so the peak is that of one review.
    (globalThis as { gc?: () => void }).gc?.();
    return sample;
  });
  const m = (key: "parse" | "plan" | "place" | "render" | "total"): number =>
    median(samples.map((s) => s[key]));
  const last = samples[samples.length - 1] as Sample;
  return {
    files: size,
    lines: files.reduce((sum, f) => sum + f.file.changes, 0),
    parse: m("parse"),
    plan: m("plan"),
    place: m("place"),
    render: m("render"),
    total: m("total"),
    placed: last.placed ?? 0,
    suggestions: last.suggestions ?? 0,
    rssMb: process.resourceUsage().maxRSS / 1024,
  };
}

function inChild(expression: string): string {
  const script = `import(${JSON.stringify(import.meta.url)}).then((m) => console.log(JSON.stringify(${expression})))`;
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, "--expose-gc", "--input-type=module", "-e", script],
    {
      encoding: "utf8",
      maxBuffer: 1 << 20,
    },
  );
  if (child.status !== 0) throw new Error(`bench child failed: ${child.stderr}`);
  const last = child.stdout.trim().split("\n").pop() ?? "";
  return last;
}

export async function run(args: string[]): Promise<void> {
  const sizes = option(args, "sizes", "10,30,100,300,1000,3000").split(",").map(Number);
  const findingCount = Number(option(args, "findings", "1000"));
  const repeat = Math.max(1, Number(option(args, "repeat", "3")));
  const verifyAll = args.includes("--verify-all");
  const baseline = Number(inChild("process.resourceUsage().maxRSS / 1024"));

  const fmt = (n: number, width: number, digits = 0): string => n.toFixed(digits).padStart(width);
  const header = [
    "files",
    "changed",
    "placed",
    "sugg.",
    "parse",
    "plan",
    "place",
    "render",
    "total ms",
    "RSS MB",
    "growth",
    "growth*",
  ];
  const widths = [6, 8, 7, 6, 7, 7, 7, 7, 9, 7, 7, 8];
  console.log(header.map((h, i) => h.padStart(widths[i] as number)).join(" "));
  let previous: Measurement | null = null;
  for (const size of sizes) {
    const r = JSON.parse(
      inChild(`m.measure(${size}, ${findingCount}, ${repeat}, ${verifyAll})`),
    ) as Measurement;
    // Time ratio over size ratio between consecutive sizes: 1.00 is linear. `growth*` leaves out
    // placing, whose work is set by the 1,000 findings rather than by the size of the PR.
    const growth = previous ? r.total / previous.total / (r.lines / previous.lines) : NaN;
    const scaled = (x: Measurement): number => x.parse + x.plan + x.render;
    const growthScaled = previous ? scaled(r) / scaled(previous) / (r.lines / previous.lines) : NaN;
    const cells = [
      fmt(r.files, 6),
      fmt(r.lines, 8),
      fmt(r.placed, 7),
      fmt(r.suggestions, 6),
      fmt(r.parse, 7, 1),
      fmt(r.plan, 7, 1),
      fmt(r.place, 7, 1),
      fmt(r.render, 7, 1),
      fmt(r.total, 9, 1),
      fmt(r.rssMb, 7),
      Number.isNaN(growth) ? "–".padStart(7) : fmt(growth, 7, 2),
      Number.isNaN(growthScaled) ? "–".padStart(8) : fmt(growthScaled, 8, 2),
    ];
    console.log(cells.join(" "));
    previous = r;
  }
  console.log(
    `${findingCount} findings per size; ${verifyAll ? "all suggestions" : "the 25 most important suggestions (the default)"} ` +
      `verified; median of ${repeat} runs; RSS = peak of a process doing only that size ` +
      `(an idle process: ${baseline.toFixed(0)} MB).`,
  );
}
