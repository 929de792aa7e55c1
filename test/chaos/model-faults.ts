import type { ReceivedRequest, Scenario, Script } from "../fakes/model/index.js";
import { invoiceAnswer, laneDiff, reviewAnswer } from "../fakes/model/answers.js";
import { seededRandom } from "../support/seeded.js";

/** Which share of model requests fail, and how. */
export interface ModelFaults {
  /** Share whose socket drops (TCP gone, 1006) after a few deltas of the answer. */
  drop: number;
  /** Share refused with a 429 `rate_limit_exceeded` and this `retry-after` before starting. */
  tooMany: number;
  retryAfter: string;
}

/** The answer of a fault-free lane: the invoice findings for the invoice file, none for the rest. */
function laneAnswer(request: ReceivedRequest): string {
  return laneDiff(request).includes("## file: src/billing/invoice.ts") ? invoiceAnswer() : reviewAnswer([]);
}

/**
 * A seeded script for the fake model: request by request, a drop mid-answer, a 429, or the lane's
 * answer. The counts are for the table; a refused 429 is not a paid call.
 */
export function faultyModel(
  seed: number,
  faults: ModelFaults,
): { script: Script; injected: Record<string, number> } {
  const random = seededRandom(seed);
  const injected = { socketDrop: 0, tooMany: 0 };
  const script: Script = (request) => {
    const roll = random();
    const text = laneAnswer(request);
    if (roll < faults.drop) {
      injected.socketDrop++;
      return { kind: "drop", closeCode: 1006, afterDeltas: 3, text } satisfies Scenario;
    }
    if (roll < faults.drop + faults.tooMany) {
      injected.tooMany++;
      return {
        kind: "error",
        shape: "request",
        status: 429,
        code: "rate_limit_exceeded",
        message: "Rate limit reached for requests.",
        retryAfter: faults.retryAfter,
      } satisfies Scenario;
    }
    return text;
  };
  return { script, injected };
}

/** The script of a row without model faults. */
export const fairModel: Script = laneAnswer;
