import type { GitHubClient } from "./client.js";
import { translate } from "./errors.js";

/** One delivery attempt of the app's webhook, as `GET /app/hook/deliveries` lists it. */
export interface HookDelivery {
  id: number;
  guid: string;
  deliveredAt: Date;
  statusCode: number;
  event: string;
}

/**
 * The app's delivery attempts since `since`, newest first, following GitHub's cursor pagination
 * (the `next` link carries an opaque `cursor`) until the page reaches older attempts. Needs the
 * app's own client (JWT), not an installation's.
 */
export async function listHookDeliveries(app: GitHubClient, since: Date): Promise<HookDelivery[]> {
  const out: HookDelivery[] = [];
  let cursor: string | undefined;
  for (;;) {
    const { data, headers } = await translate("list webhook deliveries", () =>
      app.rest.apps.listWebhookDeliveries({ per_page: 100, ...(cursor ? { cursor } : {}) }),
    );
    for (const d of data) {
      const deliveredAt = new Date(d.delivered_at);
      if (deliveredAt < since) return out;
      out.push({ id: d.id, guid: d.guid, deliveredAt, statusCode: d.status_code, event: d.event });
    }
    cursor = nextCursor(headers.link);
    if (!cursor || data.length === 0) return out;
  }
}

/** The `cursor` of the `rel="next"` link, if there is a next page. */
export function nextCursor(link: string | undefined): string | undefined {
  const next = link?.split(",").find((part) => /rel="next"/.test(part));
  const url = next ? /<([^>]+)>/.exec(next)?.[1] : undefined;
  return url ? (new URL(url).searchParams.get("cursor") ?? undefined) : undefined;
}

/** Asks GitHub to send a delivery again: same GUID, same body (GitHub answers 202 and sends later). */
export async function redeliverHookDelivery(app: GitHubClient, deliveryId: number): Promise<void> {
  await translate("redeliver webhook delivery", () =>
    app.rest.apps.redeliverWebhookDelivery({ delivery_id: deliveryId }),
  );
}
