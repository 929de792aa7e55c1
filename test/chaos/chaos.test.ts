import { afterAll, describe, expect, it } from "vitest";
import { chaosTable, runScenario, type ChaosResult } from "./run.js";
import { SCENARIOS } from "./scenarios.js";

const results: ChaosResult[] = [];

describe("chaos: GitHub misbehaving while people ask for reviews", () => {
  afterAll(() => {
    if (results.length > 0) process.stdout.write(`\n${chaosTable(results)}\n\n`);
  });

  it.each(SCENARIOS.map((s) => [s.name, s] as const))(
    "%s: one review per request, no duplicate, every check run completed",
    async (_name, scenario) => {
      const result = await runScenario(scenario);
      results.push(result);
      expect(result).toMatchObject({
        posted: scenario.mentions,
        duplicates: 0,
        lost: 0,
        checkRunsOpen: 0,
      });
    },
    90_000,
  );
});
