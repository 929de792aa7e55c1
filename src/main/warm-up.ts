import type { Log } from "../observability/log.js";
import type { ModelClient } from "../model/index.js";
import { parseChangedFile } from "../review/diff/index.js";
import { placeFindings } from "../review/findings/place.js";
import type { Finding } from "../review/findings/schema.js";
import { FindingStream } from "../review/findings/stream.js";
import { planReview } from "../review/plan/index.js";
import { renderReview } from "../review/render/review.js";

const HEAD = [
  "export function page(items: number[], start: number, size: number) {",
  "  return items.slice(start, start + size + 1);",
  "}",
  "",
].join("\n");

const FINDING: Finding = {
  title: "Page holds one item too many",
  body: "`slice` excludes its end.",
  priority: 1,
  confidence_score: 0.9,
  path: "src/page.ts",
  start_line: 2,
  end_line: 2,
  original_code: "  return items.slice(start, start + size + 1);",
  suggestion: "  return items.slice(start, start + size);",
  deletes_lines: false,
};

/**
 * One review's pure work on a tiny built-in change — plan, stream-parse, place, prove the
 * suggestion by parsing the file, render — so that the first real review after a start finds every
 * module loaded and its hot paths compiled. A few milliseconds, once.
 */
export function warmPipeline(): void {
  const patch = parseChangedFile({
    path: "src/page.ts",
    previousPath: null,
    status: "added",
    patch: [
      "@@ -0,0 +1,3 @@",
      ...HEAD.trimEnd()
        .split("\n")
        .map((line) => `+${line}`),
    ].join("\n"),
    additions: 3,
    deletions: 0,
    changes: 3,
  });
  planReview([patch]);
  const streamed: Finding[] = [];
  new FindingStream((f) => streamed.push(f)).write(
    JSON.stringify({ findings: [FINDING], overall_correctness: "patch is incorrect" }),
  );
  const placement = placeFindings({
    findings: streamed,
    patches: new Map([[patch.path, patch]]),
    headContents: new Map([[patch.path, HEAD]]),
    options: { maxSuggestionLines: 10, triggerWords: ["@codex"] },
  });
  renderReview({
    placed: placement.placed,
    unplaced: placement.unplaced,
    markers: new Map(),
    preface: "",
    overall: {
      overall_correctness: "patch is incorrect",
      overall_explanation: "",
      overall_confidence_score: 0.9,
    },
    notReviewed: [],
    options: {
      maxInlineComments: 25,
      inlineUpToPriority: 3,
      marker: "",
      triggerWords: ["@codex"],
      headerLines: [],
    },
  });
}

const WARM_UP_DEADLINE_MS = 3_000;

/**
 * Everything a worker can do before its first job so that the first review after a deploy is as
 * fast as the hundredth: model sockets open, code warm, the bot's login known. Failures are logged,
 * never fatal: the model may be unreachable at start, and the first review then pays as before.
 */
export async function warmWorker(input: {
  model: ModelClient;
  sockets: number;
  botLogin: () => Promise<unknown>;
  log: Log;
}): Promise<void> {
  const started = performance.now();
  warmPipeline();
  // Bounded: a start-up is not held up by a service that is slow to answer.
  const deadline = new Promise<never>((_, reject) => {
    setTimeout(
      () => reject(new Error(`no answer within ${WARM_UP_DEADLINE_MS} ms`)),
      WARM_UP_DEADLINE_MS,
    ).unref();
  });
  const [sockets, login] = await Promise.allSettled([
    Promise.race([input.model.warmUp(input.sockets), deadline]),
    Promise.race([input.botLogin(), deadline]),
  ]);
  if (sockets.status === "rejected")
    input.log.warn({ err: String(sockets.reason) }, "model sockets could not be opened at start");
  if (login.status === "rejected")
    input.log.warn({ err: String(login.reason) }, "the app's bot login could not be learned at start");
  input.log.info({ ms: Math.round(performance.now() - started), sockets: input.sockets }, "worker warmed up");
}
