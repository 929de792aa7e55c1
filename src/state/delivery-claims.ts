import type { RedisClient } from "./connection.js";
import type { DeliveryClaims } from "../review/ports-state.js";

/** How long an unconfirmed claim stands: well past a handler's bound (about 4 s), well short of an outage. */
const PENDING_SECONDS = 15;
/** How long a handled delivery stays claimed: as long as completed jobs are kept. */
const HANDLED_SECONDS = 24 * 3600;

/**
 * One claim per webhook delivery GUID, taken atomically (`SET NX`) before the handler does anything:
 * a redelivery (GitHub reuses the GUID) or a concurrent duplicate finds the claim taken and does
 * nothing — no second check run, no second 👀, no second job.
 *
 * A claim is taken for a short while and made to last a day only once its handler has queued the
 * work (`confirm`). A handler that fails gives its claim back (`release`), but when Redis drops
 * between the claim and the release the release cannot happen: the short claim then lapses on its
 * own, so the redelivery asked for after the outage is handled instead of ignored for a day.
 *
 * One key per delivery (its own hash tag), so this works unchanged on a Redis Cluster.
 */
export class RedisDeliveryClaims implements DeliveryClaims {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly ttl: { pendingSeconds: number; handledSeconds: number } = {
      pendingSeconds: PENDING_SECONDS,
      handledSeconds: HANDLED_SECONDS,
    },
  ) {}

  private key(deliveryId: string): string {
    return `${this.prefix}:delivery:{${deliveryId}}`;
  }

  /** True for the first caller with this delivery id while no claim stands; false for every later one. */
  async claim(deliveryId: string): Promise<boolean> {
    const set = await this.redis.set(this.key(deliveryId), "pending", "EX", this.ttl.pendingSeconds, "NX");
    return set === "OK";
  }

  /** The handler queued the work: the claim now holds for the whole redelivery window. */
  async confirm(deliveryId: string): Promise<void> {
    await this.redis.set(this.key(deliveryId), "handled", "EX", this.ttl.handledSeconds, "XX");
  }

  /**
   * Gives a claim back when its handler failed before queuing the work: the webhook is answered
   * with an error, and GitHub's redelivery of it must then be handled, not dropped.
   */
  async release(deliveryId: string): Promise<void> {
    await this.redis.del(this.key(deliveryId));
  }
}
