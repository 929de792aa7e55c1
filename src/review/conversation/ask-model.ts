import type { ConversationPrompt } from "../prompt/thread.js";
import type { ReviewModel } from "../ports.js";
import type { ReviewSettings } from "../pipeline/context.js";
import { askValidated, type Parsed } from "../pipeline/ask-validated.js";

/** One conversation answer from the model, validated (with one repair request when it fails). */
export async function askConversation<T>(
  model: ReviewModel,
  request: ConversationPrompt,
  parse: (text: string) => Parsed<T>,
  settings: Pick<ReviewSettings, "effort">,
  promptCacheKey: string,
  signal?: AbortSignal,
): Promise<T> {
  const answer = await askValidated(
    model,
    { ...request, effort: settings.effort, maxOutputTokens: 4_000, promptCacheKey },
    parse,
    signal,
  );
  return answer.value;
}
