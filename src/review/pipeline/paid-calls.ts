import { isBotError, ModelError } from "../../errors.js";
import type { ModelResult, ReviewModel } from "../ports.js";

/** A review's model, counting the calls the service bills: every answer, cut-off ones included. */
export interface MeteredModel {
  model: ReviewModel;
  /** Paid calls since the last `take()`; resets the count. */
  take(): number;
}

/** Whether a failed call was billed all the same. */
function billed(error: unknown): boolean {
  // An answer cut off at max_output_tokens was produced, and billed; so was one whose socket
  // dropped after the service had started it.
  return (
    (isBotError(error) && error.code === "model_incomplete") || (error instanceof ModelError && error.billed)
  );
}

/**
 * The same model, streaming included (a metered model without `stream` would silently turn every
 * lane back into a whole-answer call), with each billed call counted.
 */
export function meterModel(model: ReviewModel): MeteredModel {
  let calls = 0;
  const count = async (call: () => Promise<ModelResult>): Promise<ModelResult> => {
    try {
      const result = await call();
      calls++;
      return result;
    } catch (error) {
      if (billed(error)) calls++;
      throw error;
    }
  };
  const stream = model.stream?.bind(model);
  return {
    model: {
      complete: (request, options) => count(() => model.complete(request, options)),
      ...(stream ? { stream: (request, options) => count(() => stream(request, options)) } : {}),
    },
    take() {
      const taken = calls;
      calls = 0;
      return taken;
    },
  };
}
