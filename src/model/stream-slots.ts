import { SERVICE_MAX_STREAMS } from "./options.js";

/** `stream_id` syntax the service accepts. */
export const STREAM_ID_PATTERN = /^[A-Za-z0-9_.-]{1,256}$/;

interface Occupant<T> {
  sink: T;
  /** The caller gave up: its late events are dropped, but the lane stays busy until the service ends it. */
  abandoned: boolean;
}

/**
 * The named `stream_id` slots of one socket. Each live request gets a slot of its own, so responses
 * run side by side and every event can be routed by its echoed `stream_id`. The service counts
 * distinct names per socket (32), so a fixed set of names is reused, least recently used first,
 * and a lane is reused only after the service has ended what ran on it: an abandoned response
 * keeps its lane until its terminal event, so its late events can never reach the next occupant.
 */
export class StreamSlots<T> {
  private readonly free: string[] = [];
  private readonly busy = new Map<string, Occupant<T>>();
  private liveCount = 0;

  constructor(prefix: string, size = SERVICE_MAX_STREAMS) {
    for (let i = 0; i < size; i += 1) {
      const name = `${prefix}${i}`;
      if (!STREAM_ID_PATTERN.test(name)) throw new Error(`invalid stream id ${name}`);
      this.free.push(name);
    }
  }

  /** Requests whose caller is still waiting. */
  get live(): number {
    return this.liveCount;
  }

  /** Lanes held by abandoned requests the service has not finished yet. */
  get draining(): number {
    return this.busy.size - this.liveCount;
  }

  get available(): number {
    return this.free.length;
  }

  open(sink: T): string | undefined {
    const name = this.free.shift();
    if (name === undefined) return undefined;
    this.busy.set(name, { sink, abandoned: false });
    this.liveCount += 1;
    return name;
  }

  /** The live request on a lane; undefined when the lane is free or its request was abandoned. */
  route(name: string): T | undefined {
    const occupant = this.busy.get(name);
    return occupant && !occupant.abandoned ? occupant.sink : undefined;
  }

  abandon(name: string, sink: T): void {
    const occupant = this.busy.get(name);
    if (!occupant || occupant.sink !== sink || occupant.abandoned) return;
    occupant.abandoned = true;
    this.liveCount -= 1;
  }

  /** The service ended the lane's response (terminal event). */
  release(name: string): void {
    const occupant = this.busy.get(name);
    if (!occupant) return;
    this.busy.delete(name);
    if (!occupant.abandoned) this.liveCount -= 1;
    this.free.push(name);
  }

  /** Every live sink, for failing them all when the socket goes. Clears the table. */
  drain(): T[] {
    const sinks = [...this.busy.values()].filter((o) => !o.abandoned).map((o) => o.sink);
    for (const name of this.busy.keys()) this.free.push(name);
    this.busy.clear();
    this.liveCount = 0;
    return sinks;
  }
}
