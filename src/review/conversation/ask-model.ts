import type { ConversationPrompt } from "../prompt/thread.js";
import type { ReviewModel } from "../ports.js";
import type { ReviewSettings } from "../pipeline/context.js";
import { askValidated, type Parsed } from "../pipeline/ask-validated.js";
import { languageSection } from "../prompt/pass.js";

/**
 * One conversation answer from the model, validated (with one repair request when it fails). The
 * repository's language goes in a message of its own after the request, so the instructions stay
 * byte-identical (cached) whatever the language.
 */
export async function askConversation<T>(
  model: ReviewModel,
  request: ConversationPrompt,
  parse: (text: string) => Parsed<T>,
  settings: Pick<ReviewSettings, "effort" | "language">,
  promptCacheKey: string,
  signal?: AbortSignal,
  /** The prose fields of the answer, named in the language instruction. */
  fields = "your reply",
): Promise<T> {
  const language = languageSection(settings.language, fields);
  const input =
    language === "" ? request.input : [...request.input, { role: "user" as const, content: language }];
  const answer = await askValidated(
    model,
    { ...request, input, effort: settings.effort, maxOutputTokens: 4_000, promptCacheKey },
    parse,
    signal,
  );
  return answer.value;
}
