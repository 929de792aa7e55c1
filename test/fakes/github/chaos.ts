import { seededRandom } from "../../support/seeded.js";
import type { FaultSpec } from "./types.js";

/** What a seeded fault injector does to the requests it sees. */
export interface ChaosOptions {
  /** Same seed, same faults for the same sequence of requests. */
  seed: number;
  /** Share of requests answered 502 before anything is stored. */
  badGateway?: number;
  /** Share answered 429 with `retry-after` (secondary rate limit). */
  tooMany?: number;
  /** Share answered 403 with `retry-after` (the other shape of the secondary limit). */
  secondaryLimit?: number;
  /** Operations whose request is stored and then answered 502, at this share of their calls. */
  storedThenBadGateway?: { operations: string[]; share: number };
  /** Seconds in `retry-after`. Default "1". */
  retryAfter?: string;
  /** Operations never faulted (e.g. the installation token, to keep a scenario focused). */
  spare?: string[];
}

/**
 * Decides, request by request, whether GitHub misbehaves: 502s, 429 and 403 secondary limits with
 * `retry-after`, and writes GitHub stores before answering 502 — the faults a busy installation sees.
 */
export class ChaosInjector {
  private readonly random: () => number;
  /** Faults injected so far, by kind, for the report. */
  readonly injected = { badGateway: 0, tooMany: 0, secondaryLimit: 0, storedThenBadGateway: 0 };

  constructor(private readonly options: ChaosOptions) {
    this.random = seededRandom(options.seed);
  }

  next(operationId: string): FaultSpec | undefined {
    if (this.options.spare?.includes(operationId)) return undefined;
    const retryAfter = this.options.retryAfter ?? "1";
    const roll = this.random();
    const stored = this.options.storedThenBadGateway;
    if (stored?.operations.includes(operationId) && this.random() < stored.share) {
      this.injected.storedThenBadGateway++;
      return { status: 502, afterStoring: true };
    }
    let edge = this.options.badGateway ?? 0;
    if (roll < edge) {
      this.injected.badGateway++;
      return { status: 502 };
    }
    edge += this.options.tooMany ?? 0;
    if (roll < edge) {
      this.injected.tooMany++;
      return { status: 429, headers: { "retry-after": retryAfter } };
    }
    edge += this.options.secondaryLimit ?? 0;
    if (roll < edge) {
      this.injected.secondaryLimit++;
      return { status: 403, headers: { "retry-after": retryAfter } };
    }
    return undefined;
  }
}
