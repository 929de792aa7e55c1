import { describe, expect, it } from "vitest";
import {
  appendMarker,
  closingMarker,
  findingMarker,
  parseClosingMarker,
  parseFindingMarker,
  stripMarkers,
} from "../../../../src/review/ledger/marker.js";

const FP = "0123456789abcdef";
const OTHER = "fedcba9876543210";

describe("finding marker", () => {
  it("round-trips through a rendered comment body", () => {
    const body = appendMarker("**[P1]** Title\n\nText\n\n```suggestion\nx\n```\n", findingMarker(FP));
    expect(body.endsWith(`\`\`\`\n\n<!-- codex-finding:${FP} -->`)).toBe(true);
    expect(parseFindingMarker(body)).toBe(FP);
  });

  it("finds nothing in a body without one, or with a malformed one", () => {
    expect(parseFindingMarker("plain text")).toBeNull();
    expect(parseFindingMarker("<!-- codex-finding:XYZ -->")).toBeNull();
    expect(parseFindingMarker("<!-- codex-finding:0123456789abcdef0 -->")).toBeNull();
    expect(parseFindingMarker("&lt;!-- codex-finding:0123456789abcdef --&gt;")).toBeNull();
  });

  it("takes the last marker when quoted code carries a forged one", () => {
    const forged = "```suggestion\n// <!-- codex-finding:fedcba9876543210 -->\n```";
    expect(parseFindingMarker(appendMarker(forged, findingMarker(FP)))).toBe(FP);
  });

  it("tolerates spacing and surrounding text", () => {
    expect(parseFindingMarker(`text <!--codex-finding:${FP}--> more`)).toBe(FP);
  });

  it("tells closing markers apart from finding markers", () => {
    const reply = appendMarker("Fixed in `abc1234`.", closingMarker("fixed", FP));
    expect(parseFindingMarker(reply)).toBeNull();
    expect(parseClosingMarker(reply)).toEqual({ kind: "fixed", fingerprint: FP });
    expect(parseClosingMarker(closingMarker("dismissed", OTHER))).toEqual({
      kind: "dismissed",
      fingerprint: OTHER,
    });
    expect(parseClosingMarker(findingMarker(FP))).toBeNull();
  });

  it("refuses to build a marker from something that is not a fingerprint", () => {
    expect(() => findingMarker("--> <img src=x>")).toThrow();
  });

  it("strips markers for display", () => {
    expect(stripMarkers(appendMarker("Body", findingMarker(FP)))).toBe("Body");
  });
});
