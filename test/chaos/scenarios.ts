import type { ChaosOptions } from "../fakes/github/index.js";
import type { ModelFaults } from "./model-faults.js";

/**
 * One row of the chaos table: what goes wrong, and how many reviews people ask for while it does.
 * Add a row to try another fault; `run.ts` measures every row the same way.
 */
export interface ChaosScenario {
  name: string;
  /** The fake GitHub's seeded fault injector (the seed makes a run repeatable). */
  github?: Omit<ChaosOptions, "seed">;
  /** Seeded faults of the fake model, request by request. */
  model?: ModelFaults;
  /** Lanes per review (one file each); 1 by default. */
  lanes?: number;
  seed: number;
  /** `@codex review` mentions delivered, each a review request of its own. */
  mentions: number;
  /** How long the scenario may take before what is missing counts as lost. */
  timeoutMs: number;
}

export const SCENARIOS: ChaosScenario[] = [
  {
    name: "GitHub 502 on 20% of calls",
    github: { badGateway: 0.2 },
    seed: 1301,
    mentions: 4,
    timeoutMs: 45_000,
  },
  {
    name: "429 and 403 secondary limits with retry-after",
    github: { tooMany: 0.05, secondaryLimit: 0.05, retryAfter: "1" },
    seed: 1302,
    mentions: 4,
    timeoutMs: 45_000,
  },
  {
    name: "502 on 20% plus 429/403 with retry-after",
    github: { badGateway: 0.2, tooMany: 0.04, secondaryLimit: 0.03, retryAfter: "1" },
    seed: 1303,
    mentions: 4,
    timeoutMs: 60_000,
  },
  {
    name: "review POST stored by GitHub, then answered 502",
    github: { storedThenBadGateway: { operations: ["pulls/create-review"], share: 0.5 } },
    seed: 1304,
    mentions: 4,
    timeoutMs: 45_000,
  },
  {
    name: "check run created by GitHub, then answered 502",
    github: { storedThenBadGateway: { operations: ["checks/create"], share: 0.5 }, badGateway: 0.1 },
    seed: 1305,
    mentions: 4,
    timeoutMs: 45_000,
  },
  {
    name: "model socket dropped mid-answer, 429 with retry-after",
    model: { drop: 0.2, tooMany: 0.15, retryAfter: "0.2" },
    lanes: 2,
    seed: 1309,
    mentions: 4,
    timeoutMs: 60_000,
  },
];
