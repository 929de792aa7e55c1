import { randomUUID } from "node:crypto";
import { BotError } from "../../errors.js";
import type { PullRequestRef } from "../ports.js";
import type { ReviewMemory } from "./memory.js";

/**
 * Short, so that a worker killed while holding the lock (SIGKILL, OOM) frees it within seconds and
 * the job's takeover posts the review; a live holder keeps it as long as it needs by renewing it.
 */
export const PUBLISH_LOCK_MS = 5_000;

/** A publish lock this worker holds, renewed every third of its life until it is released. */
export interface HeldPublishLock {
  /** Renews once more, now: false when the lock was lost (it expired, or another worker took it). */
  confirm(): Promise<boolean>;
  /** Stops renewing and gives the lock back. Safe to call more than once. */
  release(): Promise<void>;
}

export type PublishLockResult =
  { status: "held"; lock: HeldPublishLock } | { status: "busy"; remainingMs: number };

/**
 * Takes the publish lock of `key` and keeps it alive while this worker composes and posts. A lost
 * lock is never re-taken: once a renewal finds it gone, the renewals stop and `confirm` says so,
 * so that the POST does not go ahead beside another worker's.
 */
export async function takePublishLock(
  memory: Pick<ReviewMemory, "lockPublish">,
  pr: PullRequestRef,
  key: string,
  ttlMs: number = PUBLISH_LOCK_MS,
): Promise<PublishLockResult> {
  const attempt = await memory.lockPublish(pr, key, randomUUID(), ttlMs);
  if (attempt.status === "busy") return attempt;
  let lost = false;
  let released = false;
  const renew = async (): Promise<boolean> => {
    if (lost || released) return false;
    if (!(await attempt.renew(ttlMs))) lost = true;
    return !lost;
  };
  const timer = setInterval(
    () => {
      // A failed renewal (Redis briefly away) is not a loss by itself: the next one, or `confirm`
      // before the POST, tells whether the lock outlived it.
      renew().then(
        (held) => {
          if (!held) clearInterval(timer);
        },
        () => {},
      );
    },
    Math.max(1, Math.floor(ttlMs / 3)),
  );
  timer.unref();
  return {
    status: "held",
    lock: {
      confirm: renew,
      async release() {
        if (released) return;
        released = true;
        clearInterval(timer);
        if (!lost) await attempt.release();
      },
    },
  };
}

/** Thrown when the lock is held elsewhere: the retry waits out what is left of that lock's life. */
export function publishBusy(key: string, remainingMs: number, why: string): BotError {
  return new BotError("publish_busy", `${why} ${key}`, {
    retryable: true,
    retryAfterMs: Math.max(remainingMs, 0),
  });
}
