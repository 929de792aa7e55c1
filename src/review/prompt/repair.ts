/**
 * The follow-up message after an answer that did not match its schema: the model sees its own
 * answer and what was wrong with it, and answers once more.
 */
export function repairMessage(problem: string): string {
  return `Your previous answer does not match the required JSON schema: ${problem}. Answer again with the corrected JSON object only.`;
}
