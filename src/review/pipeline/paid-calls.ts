import { isBotError } from "../../errors.js";
import type { ReviewModel } from "../ports.js";

/** A review's model, counting the calls the service bills: every answer, cut-off ones included. */
export interface MeteredModel {
  model: ReviewModel;
  /** Paid calls since the last `take()`; resets the count. */
  take(): number;
}

export function meterModel(model: ReviewModel): MeteredModel {
  let calls = 0;
  return {
    model: {
      async complete(request, options) {
        try {
          const result = await model.complete(request, options);
          calls++;
          return result;
        } catch (error) {
          // An answer cut off at max_output_tokens was produced, and billed, all the same.
          if (isBotError(error) && error.code === "model_incomplete") calls++;
          throw error;
        }
      },
    },
    take() {
      const taken = calls;
      calls = 0;
      return taken;
    },
  };
}
