import type { Log, ReportingDescriptor, Result } from "sarif";
import type { LocalReview } from "../run-local.js";
import { reportEntries, type ReportEntry } from "./entries.js";

const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

type Level = "error" | "warning" | "note";

/** One rule per priority: code scanning groups, filters and gates alerts by rule and level. */
const RULES: ReadonlyArray<{
  id: string;
  priority: number | null;
  level: Level;
  name: string;
  text: string;
}> = [
  {
    id: "codex-review/p0",
    priority: 0,
    level: "error",
    name: "MustFix",
    text: "Must fix before merge (crash, data loss, security).",
  },
  {
    id: "codex-review/p1",
    priority: 1,
    level: "error",
    name: "Important",
    text: "An important problem to fix soon.",
  },
  { id: "codex-review/p2", priority: 2, level: "warning", name: "Normal", text: "A problem worth fixing." },
  { id: "codex-review/p3", priority: 3, level: "note", name: "Nit", text: "A minor improvement." },
  {
    id: "codex-review/unprioritised",
    priority: null,
    level: "note",
    name: "Unprioritised",
    text: "A finding without a priority.",
  },
];

function ruleIndex(priority: number | null): number {
  const index = RULES.findIndex((r) => r.priority === priority);
  return index < 0 ? RULES.length - 1 : index;
}

function descriptor(rule: (typeof RULES)[number]): ReportingDescriptor {
  return {
    id: rule.id,
    name: rule.name,
    shortDescription: { text: rule.text },
    defaultConfiguration: { level: rule.level },
    properties: { tags: ["code-review"], precision: "medium" },
  };
}

/** A verified suggestion replaces whole lines: from the start of the first to the end of the last. */
function fixOf(e: ReportEntry): Result["fixes"] {
  if (!e.fix?.verified) return undefined;
  return [
    {
      description: { text: `Suggested change: ${e.finding.title}` },
      artifactChanges: [
        {
          artifactLocation: { uri: e.path },
          replacements: [
            {
              deletedRegion: { startLine: e.startLine, endLine: e.endLine },
              insertedContent: { text: e.fix.lines.join("\n") },
            },
          ],
        },
      ],
    },
  ];
}

function resultOf(e: ReportEntry): Result {
  const index = ruleIndex(e.finding.priority);
  const rule = RULES[index] as (typeof RULES)[number];
  const result: Result = {
    ruleId: rule.id,
    ruleIndex: index,
    level: rule.level,
    message: { text: `${e.finding.title}\n\n${e.finding.body}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: e.path },
          region: { startLine: e.startLine, endLine: e.endLine },
        },
      },
    ],
    properties: { priority: e.finding.priority, confidence: e.finding.confidence_score, placed: e.placed },
  };
  const fixes = fixOf(e);
  if (fixes) result.fixes = fixes;
  return result;
}

/**
 * `--format sarif`: SARIF 2.1.0 as GitHub code scanning takes it — a rule per priority, levels from
 * priorities (P0/P1 error, P2 warning, P3 note), a fix for each verified suggestion, paths relative
 * to the repository root.
 */
export function renderSarif(review: LocalReview, toolVersion: string): string {
  const log: Log = {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "codex-spark-bot",
            version: toolVersion,
            rules: RULES.map(descriptor),
          },
        },
        results: reportEntries(review).map(resultOf),
        properties: { model: review.model },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
