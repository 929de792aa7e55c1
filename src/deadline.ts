/**
 * Bounds a wait on something that may never answer (a Redis command in an offline queue, a BullMQ
 * close waiting for a reconnect). The work itself is not cancelled: only our wait for it ends.
 * Resolves `true` when the work settled in time (its own rejection swallowed), `false` otherwise.
 */
export async function settledWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([work.then(() => true).catch(() => true), expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs `work`, rejecting with `onTimeout()` when it has not settled after `ms`. */
export async function within<T>(ms: number, work: () => Promise<T>, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  const running = work();
  // A late failure after the deadline has nobody listening: keep it from becoming unhandled.
  running.catch(() => {});
  try {
    return await Promise.race([running, expired]);
  } finally {
    clearTimeout(timer);
  }
}
