import type { ModelRequest, ReviewSide } from "../ports.js";
import { INPUT_LIMITS, untrustedBlock, visibleProse } from "./sanitize-input.js";
import {
  fileExcerpt,
  renderConversation,
  resolveLimits,
  type ContextLimits,
} from "./conversation-context.js";
import type { ConversationMessage } from "../conversation/history.js";
import { threadInstructions } from "./conversation-instructions.js";
import { THREAD_ANSWER_SCHEMA_NAME, threadAnswerJsonSchema } from "../conversation/answer-schema.js";

/** The commented lines of a review thread, on their side of the diff. */
export interface ThreadRange {
  start: number;
  end: number;
}

export interface ThreadRequestInput {
  /** `fix` asks for a suggestion; `ask` (explain or any question) for an answer only. */
  mode: "fix" | "ask";
  /** What the requester wrote after the trigger (the command's text); may be empty. */
  request: string;
  requester: string;
  prTitle: string;
  path: string;
  side: ReviewSide;
  /** The thread's current range (`start_line ?? line`..`line`); null when the thread is outdated. */
  range: ThreadRange | null;
  /** The thread's `diff_hunk`. */
  diffHunk: string;
  /** The thread's comments, oldest first, the mention included (see `threadOf`/`toMessages`). */
  history: readonly ConversationMessage[];
  /** The file at the head (for RIGHT; the base for LEFT); null when it could not be read. */
  fileContent: string | null;
  limits?: ContextLimits;
  /** The longest fix the check will take, stated in the prompt (the check's own limit). */
  maxFixLines: number;
}

/** What to call the model with; the caller adds model, effort, token cap and cache key. */
export type ConversationPrompt = Pick<ModelRequest, "instructions" | "input" | "schema">;

const MAX_HUNK_CHARS = 8_000;

/** A long hunk loses its middle, never its header or its end, where the commented line is. */
function boundedHunk(hunk: string): string {
  if (hunk.length <= MAX_HUNK_CHARS) return hunk;
  const newline = hunk.indexOf("\n");
  const header = newline < 0 ? "" : hunk.slice(0, newline);
  let tail = hunk.slice(hunk.length - (MAX_HUNK_CHARS - header.length - 40));
  tail = tail.slice(tail.indexOf("\n") + 1);
  return `${header}\n[… earlier hunk lines not shown …]\n${tail}`;
}

function rangeText(range: ThreadRange | null, side: ReviewSide): string {
  if (range === null) return "an outdated range (the lines changed since the thread started)";
  const lines = range.start === range.end ? `line ${range.start}` : `lines ${range.start}-${range.end}`;
  return `${lines} of the ${side === "RIGHT" ? "new (head)" : "old (base)"} version`;
}

/**
 * The model request for a mention inside a review thread: the thread's history, its diff hunk, the
 * file around the commented range and the request, each as a delimited block of untrusted data.
 */
export function buildThreadRequest(input: ThreadRequestInput): ConversationPrompt {
  const limits = resolveLimits(input.limits);
  const request = visibleProse(input.request, INPUT_LIMITS.request);
  const sections = [
    `Mode: ${input.mode}. Requested by ${input.requester}. The request (untrusted):\n${untrustedBlock("request", request || "(no text: act on the thread)")}`,
    `Pull request title (untrusted):\n${untrustedBlock("pr_title", visibleProse(input.prTitle, INPUT_LIMITS.title))}`,
    `The thread is on ${rangeText(input.range, input.side)} of this file:\n${untrustedBlock("path", input.path)}`,
    `Diff hunk the thread is attached to (untrusted):\n${untrustedBlock("diff_hunk", boundedHunk(input.diffHunk))}`,
  ];
  if (input.fileContent !== null && input.range !== null) {
    const excerpt = fileExcerpt(input.fileContent, input.range.start, input.range.end, limits);
    sections.push(
      `The file around the commented lines (untrusted):\n${untrustedBlock("file_excerpt", excerpt)}`,
    );
  } else {
    sections.push("The file around the commented lines is not available.");
  }
  sections.push(
    `The thread so far, oldest first (untrusted):\n${untrustedBlock("thread", renderConversation(input.history, limits.maxConversationChars))}`,
  );
  if (input.mode === "fix" && input.range !== null) {
    sections.push(
      `A suggestion must cover exactly start_line ${input.range.start} and end_line ${input.range.end}.`,
    );
  }
  return {
    instructions: threadInstructions(input.maxFixLines),
    input: [{ role: "user", content: sections.join("\n\n") }],
    schema: { name: THREAD_ANSWER_SCHEMA_NAME, schema: threadAnswerJsonSchema() },
  };
}
