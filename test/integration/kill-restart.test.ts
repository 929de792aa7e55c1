import { describe, expect, it } from "vitest";
import { generateAppKeyPair } from "../fakes/github/index.js";
import { INVOICE_PR } from "../fixtures/prs/invoice-pr.js";
import { killPoints, killRound } from "../chaos/kill.js";

/** Seeded, so a failing kill point can be replayed; two rounds keep the file under a minute. */
const SEED = 0x13b;
const ROUNDS = 2;

describe("a worker SIGKILLed at seeded points of a review and restarted", () => {
  // A kill at the 17th GitHub call of round 0 (seed 0x13b) lands while the review's publish lock is
  // held: the takeover must wait out that lock (short, renewed only by a live holder) and post.
  // `npm run chaos` runs the same rounds at more points (CHAOS_KILL_POINTS).
  it("ends every round with one review of the newest head, every run completed, nothing said twice", async () => {
    const keys = generateAppKeyPair();
    for (const [round, killAt] of killPoints(SEED, ROUNDS).entries()) {
      const result = await killRound(keys, killAt, round);
      expect(result.reviewedHeads, `kill at call ${killAt}`).toEqual([INVOICE_PR.headSha]);
      expect(result.titles.length).toBeGreaterThan(0);
      // The next push: the same three findings are known, none is posted again.
      expect(result.titlesAfterPush).toEqual(result.titles);
      expect(result.checkRunsOpen).toBe(0);
      expect(result.problems).toEqual([]);
    }
  }, 120_000);
});
