/**
 * Queue names. Mentions have their own queue and workers, so a backlog of automatic reviews can
 * never starve a person who asked for something.
 */
export const QUEUES = {
  mentions: "mentions",
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
