/** Queue names. Mentions have their own queue so automatic work can never starve them. */
export const QUEUES = {
  reviews: "reviews",
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/**
 * BullMQ refuses custom ids that contain ":" or look like integers. Delivery GUIDs are safe, but
 * anything built from user data goes through here.
 */
export function safeJobId(...parts: Array<string | number>): string {
  return parts
    .map((p) => String(p).replace(/[^A-Za-z0-9_.-]/g, "_"))
    .join("-")
    .replace(/^(\d+)$/, "j$1");
}
