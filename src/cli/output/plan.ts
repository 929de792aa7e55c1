import { estimateTokens } from "../../review/plan/index.js";
import { lanePrompt } from "../../review/pipeline/review-lanes.js";
import type { LocalSetup } from "../setup.js";
import type { Style } from "./colour.js";
import { inert } from "./colour.js";

interface PlannedLane {
  index: number;
  files: string[];
  diffTokens: number;
  promptTokens: number;
  instructions: string;
  messages: Array<{ role: string; content: string; tokens: number }>;
}

/** Each lane's exact request, as `reviewLanes` would send it, with token estimates. */
function plannedLanes(setup: LocalSetup): PlannedLane[] {
  const input = {
    info: setup.info,
    allPaths: setup.files.map((f) => f.path),
    guidelines: setup.prepared.guidelines?.text,
    focus: null,
  };
  return setup.plan.lanes.map((files, index) => {
    const prompt = lanePrompt(input, files, setup.prepared.settings);
    const messages = prompt.messages.map((m) => ({ ...m, tokens: estimateTokens(m.content) }));
    return {
      index: index + 1,
      files: [...new Set(files.map((p) => p.path))],
      diffTokens: setup.plan.laneTokens[index] ?? 0,
      promptTokens: estimateTokens(prompt.instructions) + messages.reduce((sum, m) => sum + m.tokens, 0),
      instructions: prompt.instructions,
      messages,
    };
  });
}

/** `--plan --format json`: the lanes and their prompts, for tools. */
export function renderPlanJson(setup: LocalSetup): string {
  const { settings } = setup.prepared;
  const document = {
    format: "codex-spark-bot.plan",
    version: 1,
    model: settings.model,
    effort: settings.effort,
    maxOutputTokens: settings.maxOutputTokens,
    budgetTokens: setup.plan.budgetTokens,
    concurrency: setup.plan.concurrency,
    guidelineSources: setup.prepared.guidelines?.sources ?? [],
    lanes: plannedLanes(setup),
    notReviewed: setup.plan.notReviewed,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** `--plan`: what would be sent, lane by lane, and what would not be reviewed. No model call. */
export function renderPlanHuman(setup: LocalSetup, style: Style): string {
  const { settings } = setup.prepared;
  const lanes = plannedLanes(setup);
  const total = lanes.reduce((sum, l) => sum + l.promptTokens, 0);
  const out: string[] = [
    style.bold(
      `Plan: ${lanes.length} lane${lanes.length === 1 ? "" : "s"} to ${settings.model} (effort ${settings.effort}), ` +
        `~${total.toLocaleString("en-US")} input tokens in all, up to ${setup.plan.concurrency} at once`,
    ),
  ];
  const sources = setup.prepared.guidelines?.sources ?? [];
  if (sources.length > 0) out.push(`Guidelines from the base commit: ${sources.map(inert).join(", ")}`);
  for (const lane of lanes) {
    out.push(
      `  lane ${lane.index}: ${lane.files.length} file${lane.files.length === 1 ? "" : "s"}, ` +
        `~${lane.diffTokens.toLocaleString("en-US")} diff tokens, ~${lane.promptTokens.toLocaleString("en-US")} prompt tokens: ` +
        lane.files.map(inert).join(", "),
    );
  }
  for (const f of setup.plan.notReviewed) out.push(`  not reviewed: ${inert(f.path)} — ${inert(f.reason)}`);
  for (const lane of lanes) {
    out.push("", style.bold(`=== lane ${lane.index} ===`));
    out.push(
      style.cyan(`--- instructions (~${estimateTokens(lane.instructions)} tokens) ---`),
      lane.instructions,
    );
    for (const m of lane.messages) {
      out.push(style.cyan(`--- ${m.role} message (~${m.tokens} tokens) ---`), inert(m.content));
    }
  }
  out.push("", style.dim("No model was called (--plan)."));
  return `${out.join("\n")}\n`;
}
