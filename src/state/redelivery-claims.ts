import type { RedisClient } from "./connection.js";

/**
 * Which failed delivery attempts this deployment already asked GitHub to send again, so that several
 * processes sweeping at once, or one sweeping twice, ask once per attempt. A redelivery that fails
 * too is a new attempt with its own id, which a later sweep may ask for again. One key per attempt
 * (single-key commands: any Redis Cluster slot will do), kept for the whole recovery window.
 */
export class RedeliveryClaims {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  /** True for the first caller to claim the attempt within `ttlSeconds`. */
  async claim(deliveryId: number, ttlSeconds: number): Promise<boolean> {
    const key = `${this.prefix}:redelivery:{${deliveryId}}`;
    return (await this.redis.set(key, "1", "EX", Math.max(1, Math.floor(ttlSeconds)), "NX")) === "OK";
  }
}
