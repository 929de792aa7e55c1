import type { PullRequestRef } from "./ports.js";

/**
 * Ports of the state the handlers and adapters share across processes, outside any one review: a
 * webhook handled once, bounded free replies, GitHub's write budget. The review's own state has its
 * ports beside the code that uses it (`pipeline/memory.ts`, `pipeline/authorize.ts`,
 * `pipeline/outsiders.ts`, `ledger/types.ts`, `CheckRunRegistry` in `ports.ts`). Every one is
 * implemented in `src/state/` (Redis) and wired in `src/main/`.
 */

/**
 * One claim per webhook delivery GUID, so a redelivered or duplicated webhook is handled once. A
 * claim is short until `confirm`, so one a Redis drop left behind lapses on its own.
 */
export interface DeliveryClaims {
  /** True for the first caller with this delivery id while no claim stands; false for every later one. */
  claim(deliveryId: string): Promise<boolean>;
  /** The handler queued the work: the claim now holds for the whole redelivery window. */
  confirm(deliveryId: string): Promise<void>;
  /** Gives a claim back when its handler failed before queuing the work, so a redelivery is handled. */
  release(deliveryId: string): Promise<void>;
}

/** Bounds on the replies that cost no model call (help, usage, typo hints). */
export interface ReplyLimits {
  /** True when this reply may be posted (and counts it); false when a limit says nothing more. */
  take(input: {
    installationId: number;
    pr: PullRequestRef;
    login: string;
    /** Neither a member nor a collaborator: counted against the installation's hourly ceiling. */
    stranger: boolean;
    now?: Date;
  }): Promise<boolean>;
}

/** Spends an installation's budget of content-creating requests (GitHub's secondary limits). */
export interface WriteBudget {
  take(installationId: number, signal?: AbortSignal): Promise<void>;
}
