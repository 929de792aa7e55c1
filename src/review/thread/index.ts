export { buildAskRequest, type AskRequestInput } from "./ask.js";
export { fileExcerpt, renderConversation, type ContextLimits } from "./context.js";
export { reviewFocusSection } from "./focus.js";
export { threadOf, toMessages, type ConversationMessage } from "./history.js";
export { ASK_INSTRUCTIONS, THREAD_INSTRUCTIONS } from "./instructions.js";
export { renderAnswer, renderThreadReply } from "./reply.js";
export {
  buildThreadRequest,
  type ConversationRequest,
  type ThreadRange,
  type ThreadRequestInput,
} from "./request.js";
export {
  ASK_ANSWER_SCHEMA_NAME,
  THREAD_ANSWER_SCHEMA_NAME,
  askAnswerJsonSchema,
  askAnswerSchema,
  parseAskAnswer,
  parseThreadAnswer,
  threadAnswerJsonSchema,
  threadAnswerSchema,
  type AskAnswer,
  type Parsed,
  type ThreadAnswer,
  type ThreadSuggestion,
} from "./schema.js";
export { validateThreadFix, type ThreadFixInput } from "./validate.js";
