/**
 * A deliberately pessimistic token estimate: code tokenizes at roughly 3–4 bytes per token, and
 * non-ASCII text at fewer, so counting UTF-8 bytes / 3 overestimates rather than overflows the window.
 * No tokenizer package is needed for a budget that only has to be safe.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(Buffer.byteLength(text, "utf8") / 3);
}
