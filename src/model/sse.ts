export interface SseMessage {
  /** The `event:` field, when the server sent one. */
  event: string | undefined;
  data: string;
}

/**
 * An incremental Server-Sent Events reader (the WHATWG rules we need): lines end in CRLF, LF or CR,
 * which may be split across chunks; `data:` lines accumulate; a blank line dispatches; `:` starts
 * a comment (keep-alives).
 */
export class SseParser {
  private buffer = "";
  private event: string | undefined;
  private data: string[] = [];

  constructor(private readonly onMessage: (message: SseMessage) => void) {}

  push(chunk: string): void {
    this.buffer += chunk;
    for (;;) {
      const end = this.lineEnd();
      if (end === undefined) return;
      const line = this.buffer.slice(0, end.at);
      this.buffer = this.buffer.slice(end.at + end.length);
      this.line(line);
    }
  }

  private lineEnd(): { at: number; length: number } | undefined {
    const cr = this.buffer.indexOf("\r");
    const lf = this.buffer.indexOf("\n");
    if (cr === -1 && lf === -1) return undefined;
    if (cr === -1 || (lf !== -1 && lf < cr)) return { at: lf, length: 1 };
    // A CR at the very end may be the first half of a CRLF split across chunks.
    if (cr === this.buffer.length - 1) return undefined;
    return { at: cr, length: this.buffer[cr + 1] === "\n" ? 2 : 1 };
  }

  private line(line: string): void {
    if (line === "") return this.dispatch();
    if (line.startsWith(":")) return;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") this.data.push(value);
    else if (field === "event") this.event = value;
  }

  private dispatch(): void {
    if (this.data.length > 0) this.onMessage({ event: this.event, data: this.data.join("\n") });
    this.event = undefined;
    this.data = [];
  }
}
