import { afterAll, describe, expect, it } from "vitest";
import { chaosTable, type ChaosResult } from "./observe.js";
import { runDeliveries } from "./deliveries.js";
import { runScenario } from "./run.js";
import { SCENARIOS } from "./scenarios.js";

const results: ChaosResult[] = [];

/** What every row must end with, whatever the fault. */
function expectClean(result: ChaosResult): void {
  expect(result).toMatchObject({
    posted: result.expected,
    duplicates: 0,
    lost: 0,
    checkRunsOpen: 0,
    problems: [],
  });
}

describe("chaos: GitHub and the model misbehaving while people ask for reviews", () => {
  afterAll(() => {
    if (results.length > 0) process.stdout.write(`\n${chaosTable(results)}\n\n`);
  });

  it.each(SCENARIOS.map((s) => [s.name, s] as const))(
    "%s: one review per request, no duplicate, every check run completed",
    async (_name, scenario) => {
      const result = await runScenario(scenario);
      results.push(result);
      expectClean(result);
    },
    90_000,
  );

  it("stale and duplicated deliveries, a push while the job waits: the newest head once, nothing said twice", async () => {
    const result = await runDeliveries("stale and duplicated synchronize/closed, push while the job waits");
    results.push(result);
    expectClean(result);
  }, 150_000);
});
