import type { LedgerStore } from "../review/ledger/types.js";
import type { PullRequestMemory } from "../review/pipeline/memory.js";
import type { DeliveryClaims, ReplyLimits } from "../review/ports-state.js";
import type { Queues } from "../queue/queues.js";
import type { CheckRunRegistry } from "../review/ports.js";
import type { RepoConfigCache } from "./config-cache.js";

/** What every webhook handler is given: the queues and the app state, as the domain's ports. */
export interface WebhookDeps {
  queues: Queues;
  /** Per-PR memory shared with the workers (latest head, pause flag, pending check runs). */
  prState: PullRequestMemory;
  /** The bot's check runs that are still open, so each is completed exactly once. */
  openChecks: CheckRunRegistry;
  /** Repository settings (`.github/codex.yml`), cached briefly. */
  configs: RepoConfigCache;
  /** The server's default mention, e.g. `@codex`; a repository may choose another. */
  trigger: string;
  /** The finding ledger of a PR, so closing a PR can start its expiry and reopening stop it. */
  ledgers: LedgerStore;
  /** Seconds a closed PR's ledger is kept. */
  ledgerTtlSeconds: number;
  /** Lower-case logins of bots whose mentions are obeyed; every other bot is ignored. */
  allowedBots: string[];
  /** One claim per delivery GUID: duplicates and redeliveries of a handled webhook do nothing. */
  deliveries: DeliveryClaims;
  /** Bounds on help, usage and typo replies (they cost no model call, but a comment each). */
  replies: ReplyLimits;
}
