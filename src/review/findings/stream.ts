import { JSONParser } from "@streamparser/json";
import { findingSchema, type Finding } from "./schema.js";
import { cleanTitle } from "./title.js";

/**
 * Reads a review answer as it streams and hands over each finding the moment its JSON object is
 * complete and valid, so that it can be placed and verified while the model is still writing the
 * next one. The finished answer is still parsed and validated whole: what is handed over here is
 * an early look, never the answer of record. Text that stops being valid JSON ends the early look
 * silently (the whole answer's validation reports it, and asks for a repair).
 */
export class FindingStream {
  private parser: JSONParser | undefined;
  private broken = false;

  constructor(private readonly onFinding: (finding: Finding) => void) {
    this.restart();
  }

  /** The answer starts over: what was read so far belongs to no answer. */
  restart(): void {
    this.broken = false;
    const parser = new JSONParser({ paths: ["$.findings.*"], keepStack: false });
    parser.onValue = ({ value }) => {
      const finding = findingSchema.safeParse(value);
      if (finding.success) this.onFinding(cleanTitle(finding.data));
    };
    parser.onError = () => {
      this.broken = true;
    };
    this.parser = parser;
  }

  write(delta: string): void {
    if (this.broken || !this.parser || this.parser.isEnded) return;
    this.parser.write(delta);
  }
}
