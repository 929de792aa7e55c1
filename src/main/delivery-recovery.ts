import type { GitHubClient } from "../github/client.js";
import { listHookDeliveries, redeliverHookDelivery, type HookDelivery } from "../github/hook-deliveries.js";
import type { Log } from "../observability/log.js";
import type { RedeliveryClaims } from "../state/redelivery-claims.js";

export interface DeliveryRecoveryDeps {
  /** The app's own client (JWT): `probot.auth()` without an installation id. */
  app(): Promise<GitHubClient>;
  claims: RedeliveryClaims;
  /** How far back to look; GitHub keeps deliveries for 3 days. */
  windowMs: number;
  log: Log;
  now?: () => Date;
}

export interface RecoverySummary {
  listed: number;
  asked: number;
}

/**
 * The attempts worth asking for again: per GUID only the newest attempt counts, and only when no
 * attempt of that GUID succeeded and the newest failed for want of an answer (no response, or a 5xx:
 * what the bot answers when it could not queue the work). A 4xx was a deliberate refusal (a bad
 * signature) and would fail the same way again.
 */
export function deliveriesToRetry(deliveries: readonly HookDelivery[]): HookDelivery[] {
  const byGuid = new Map<string, HookDelivery[]>();
  for (const d of deliveries) byGuid.set(d.guid, [...(byGuid.get(d.guid) ?? []), d]);
  const out: HookDelivery[] = [];
  for (const attempts of byGuid.values()) {
    if (attempts.some((d) => d.statusCode >= 200 && d.statusCode < 300)) continue;
    const newest = attempts.reduce((a, b) => (b.id > a.id ? b : a));
    if (newest.statusCode === 0 || newest.statusCode >= 500) out.push(newest);
  }
  return out.sort((a, b) => a.deliveredAt.getTime() - b.deliveredAt.getTime());
}

/**
 * Asks GitHub to redeliver what it could not deliver while the bot or its Redis was down. GitHub does
 * not retry on its own; a redelivery carries the same GUID and body, and job ids derived from the
 * GUID make one that was queued after all a no-op.
 */
export async function recoverFailedDeliveries(deps: DeliveryRecoveryDeps): Promise<RecoverySummary> {
  const now = deps.now?.() ?? new Date();
  const app = await deps.app();
  const listed = await listHookDeliveries(app, new Date(now.getTime() - deps.windowMs));
  let asked = 0;
  for (const delivery of deliveriesToRetry(listed)) {
    if (!(await deps.claims.claim(delivery.id, deps.windowMs / 1000))) continue;
    await redeliverHookDelivery(app, delivery.id);
    asked++;
    deps.log.info(
      { delivery: delivery.guid, attempt: delivery.id, event: delivery.event, status: delivery.statusCode },
      "asked GitHub to redeliver a failed webhook",
    );
  }
  if (asked > 0 || listed.length > 0)
    deps.log.info({ listed: listed.length, asked }, "failed deliveries recovered");
  return { listed: listed.length, asked };
}
