import { ModelError } from "../../errors.js";
import type { Parsed } from "../thread/index.js";
import type { ConversationRequest } from "../thread/index.js";
import type { ReviewModel } from "../ports.js";
import type { ReviewSettings } from "../pipeline/context.js";

/**
 * One conversation answer from the model, validated; an answer that fails its schema gets one
 * repair request that shows the model its own output and what was wrong.
 */
export async function askConversation<T>(
  model: ReviewModel,
  request: ConversationRequest,
  parse: (text: string) => Parsed<T>,
  settings: Pick<ReviewSettings, "effort">,
  promptCacheKey: string,
  signal?: AbortSignal,
): Promise<T> {
  const base = {
    ...request,
    effort: settings.effort,
    maxOutputTokens: 4_000,
    promptCacheKey,
  };
  const first = await model.complete(base, { signal });
  const parsed = parse(first.text);
  if (parsed.ok) return parsed.value;
  const second = await model.complete(
    {
      ...base,
      input: [
        ...request.input,
        { role: "assistant", content: first.text },
        {
          role: "user",
          content: `Your previous answer does not match the required JSON schema: ${parsed.problem}. Answer again with the corrected JSON object only.`,
        },
      ],
    },
    { signal },
  );
  const reparsed = parse(second.text);
  if (reparsed.ok) return reparsed.value;
  throw new ModelError(
    "model_output_invalid",
    `the answer did not match its schema twice: ${reparsed.problem}`,
  );
}
