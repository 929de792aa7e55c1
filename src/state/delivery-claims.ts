import type { RedisClient } from "./connection.js";

/**
 * One claim per webhook delivery GUID, taken atomically (`SET NX`) before the handler does anything:
 * a redelivery (GitHub reuses the GUID) or a concurrent duplicate finds the claim taken and does
 * nothing — no second check run, no second 👀, no second job. The window matches how long completed
 * jobs are kept (a day), which covers GitHub's manual "Redeliver" in practice.
 *
 * One key per delivery (its own hash tag), so this works unchanged on a Redis Cluster.
 */
export class DeliveryClaims {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly ttlSeconds = 24 * 3600,
  ) {}

  private key(deliveryId: string): string {
    return `${this.prefix}:delivery:{${deliveryId}}`;
  }

  /** True for the first caller with this delivery id within the window; false for every later one. */
  async claim(deliveryId: string): Promise<boolean> {
    return (await this.redis.set(this.key(deliveryId), "1", "EX", this.ttlSeconds, "NX")) === "OK";
  }

  /**
   * Gives a claim back when its handler failed before queuing the work: the webhook is answered
   * with an error, and GitHub's redelivery of it must then be handled, not dropped.
   */
  async release(deliveryId: string): Promise<void> {
    await this.redis.del(this.key(deliveryId));
  }
}
