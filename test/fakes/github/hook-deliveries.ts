import { randomUUID } from "node:crypto";
import { deliverWebhook } from "../../fixtures/github/webhook-delivery.js";
import type { WebhookEvent } from "../../fixtures/github/webhook-envelope.js";
import { notFound, validationFailed } from "./errors.js";
import { intParam, type Handler, type RequestContext } from "./handler.js";

/** One attempt GitHub made to deliver an event to the app's webhook URL. */
export interface DeliveryRecord {
  id: number;
  guid: string;
  deliveredAt: Date;
  redelivery: boolean;
  duration: number;
  /** GitHub's words: "OK", "Invalid HTTP Response: 503", "failed to connect". */
  status: string;
  statusCode: number;
  event: string;
  action: string | null;
  installationId: number | null;
  repositoryId: number | null;
  /** What was sent, so a redelivery sends the same body under the same GUID. */
  payload: Record<string, unknown>;
}

/** Where GitHub sends the app's webhooks, and everything it sent there. */
export class HookDeliveries {
  readonly all: DeliveryRecord[] = [];
  /** Redeliveries still on their way (GitHub answers 202 and sends afterwards). */
  private readonly pending = new Set<Promise<unknown>>();
  target: { url: string; secret: string } | null = null;

  constructor(private readonly nextId: () => number) {}

  /** Sends `event` like GitHub does and records the attempt; returns the HTTP status (0: no answer). */
  async send(event: WebhookEvent, guid: string = randomUUID(), redelivery = false): Promise<DeliveryRecord> {
    if (!this.target) throw new Error("the fake GitHub has no webhook URL: call setWebhookTarget first");
    const started = Date.now();
    let statusCode: number;
    try {
      statusCode = await deliverWebhook(this.target.url, {
        ...event,
        secret: this.target.secret,
        deliveryId: guid,
      });
    } catch {
      statusCode = 0;
    }
    const payload = event.payload;
    const record: DeliveryRecord = {
      id: this.nextId(),
      guid,
      deliveredAt: new Date(),
      redelivery,
      duration: (Date.now() - started) / 1000,
      status:
        statusCode === 0
          ? "failed to connect"
          : statusCode < 300
            ? "OK"
            : `Invalid HTTP Response: ${statusCode}`,
      statusCode,
      event: event.event,
      action: typeof payload["action"] === "string" ? payload["action"] : null,
      installationId: numberAt(payload, "installation"),
      repositoryId: numberAt(payload, "repository"),
      payload,
    };
    this.all.push(record);
    return record;
  }

  redeliver(original: DeliveryRecord): void {
    const sending = this.send({ event: original.event, payload: original.payload }, original.guid, true);
    this.pending.add(sending);
    void sending.finally(() => this.pending.delete(sending));
  }

  /** Waits for redeliveries in flight. */
  async settled(): Promise<void> {
    await Promise.all([...this.pending]);
  }
}

function numberAt(payload: Record<string, unknown>, key: string): number | null {
  const value = payload[key];
  const id = value && typeof value === "object" ? (value as Record<string, unknown>)["id"] : undefined;
  return typeof id === "number" ? id : null;
}

function render(d: DeliveryRecord): Record<string, unknown> {
  return {
    id: d.id,
    guid: d.guid,
    delivered_at: d.deliveredAt.toISOString().replace(/\.\d{3}Z$/, "Z"),
    redelivery: d.redelivery,
    duration: d.duration,
    status: d.status,
    status_code: d.statusCode,
    event: d.event,
    action: d.action,
    installation_id: d.installationId,
    repository_id: d.repositoryId,
    throttled_at: null,
  };
}

/**
 * GitHub's cursor pagination of deliveries: newest first, `per_page` up to 100, and a `Link` header
 * whose `next` URL carries an opaque `cursor` (here, the last id shown).
 */
function listPage(ctx: RequestContext, deliveries: HookDeliveries) {
  const perPage = typeof ctx.query["per_page"] === "number" ? ctx.query["per_page"] : 30;
  if (perPage < 1 || perPage > 100)
    throw validationFailed([{ resource: "Delivery", code: "invalid", field: "per_page" }]);
  const cursor = typeof ctx.query["cursor"] === "string" ? ctx.query["cursor"] : null;
  const after = cursor === null ? null : Number(/^v1_(\d+)$/.exec(cursor)?.[1] ?? NaN);
  if (after !== null && Number.isNaN(after))
    throw validationFailed([{ resource: "Delivery", code: "invalid", field: "cursor" }]);
  const status = ctx.query["status"];
  const newestFirst = [...deliveries.all]
    .reverse()
    .filter((d) => after === null || d.id < after)
    .filter(
      (d) => status === undefined || (status === "success") === (d.statusCode >= 200 && d.statusCode < 300),
    );
  const page = newestFirst.slice(0, perPage);
  const headers: Record<string, string> = {};
  const last = page.at(-1);
  if (last && newestFirst.length > perPage) {
    const next = new URL(ctx.requestUrl);
    next.searchParams.set("per_page", String(perPage));
    next.searchParams.set("cursor", `v1_${last.id}`);
    headers["link"] = `<${next.toString()}>; rel="next"`;
  }
  return { status: 200, body: page.map(render), headers };
}

export function hookDeliveryHandlers(deliveries: () => HookDeliveries): Record<string, Handler> {
  return {
    "apps/list-webhook-deliveries": (ctx) => listPage(ctx, deliveries()),
    "apps/redeliver-webhook-delivery": (ctx) => {
      const original = deliveries().all.find((d) => d.id === intParam(ctx, "delivery_id"));
      if (!original) throw notFound();
      deliveries().redeliver(original);
      return { status: 202, body: {} };
    },
  };
}
