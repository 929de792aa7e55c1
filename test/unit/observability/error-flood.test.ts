import { describe, expect, it } from "vitest";
import { ErrorFlood } from "../../../src/observability/error-flood.js";
import type { Log } from "../../../src/observability/log.js";

function recordingLog(
  lines: Array<{ level: string; message: string; fields: Record<string, unknown> }>,
): Log {
  const at =
    (level: string) =>
    (fields: Record<string, unknown> | string, message?: string): void => {
      lines.push(
        typeof fields === "string"
          ? { level, message: fields, fields: {} }
          : { level, message: message ?? "", fields },
      );
    };
  const log: Log = {
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    child: () => log,
  };
  return log;
}

describe("ErrorFlood", () => {
  it("logs the first error, then one line per interval with the suppressed count, then the recovery", () => {
    const lines: Array<{ level: string; message: string; fields: Record<string, unknown> }> = [];
    let now = 0;
    const flood = new ErrorFlood(recordingLog(lines), { what: "Redis", intervalMs: 30_000, now: () => now });
    for (; now < 61_000; now += 50) flood.report(new Error("connect ECONNREFUSED 127.0.0.1:6379"));
    expect(lines.map((l) => l.message)).toEqual([
      "Redis unreachable",
      "Redis unreachable for 30 s, 600 errors suppressed",
      "Redis unreachable for 60 s, 600 errors suppressed",
    ]);
    expect(flood.failing).toBe(true);
    flood.recovered();
    expect(lines.at(-1)).toMatchObject({
      level: "info",
      message: "Redis reachable again after 61 s",
      fields: { errors: 1220 },
    });
    flood.recovered();
    flood.report(new Error("again"));
    expect(lines.map((l) => l.message).slice(-2)).toEqual([
      "Redis reachable again after 61 s",
      "Redis unreachable",
    ]);
  });

  it("formats large counts for people", () => {
    const lines: Array<{ level: string; message: string; fields: Record<string, unknown> }> = [];
    let now = 0;
    const flood = new ErrorFlood(recordingLog(lines), { what: "Redis", intervalMs: 30_000, now: () => now });
    for (let i = 0; i <= 1_204; i++) flood.report(new Error("x"));
    now = 30_000;
    flood.report(new Error("x"));
    expect(lines.at(-1)?.message).toBe("Redis unreachable for 30 s, 1,205 errors suppressed");
  });
});
