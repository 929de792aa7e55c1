import { Semaphore } from "./concurrency.js";

/** Bounds on model lanes in flight, shared by every review job of one worker process. */
export interface LaneGateOptions {
  /**
   * Lanes in flight in the process. Default 64: the model client's 4 sockets × 16 responses each,
   * so lanes wait here, in order, rather than queue on a socket.
   */
  perProcess?: number;
  /**
   * Lanes in flight for one installation (one GitHub account). Default 32: one account's large PR
   * takes at most half the process, and another account's review still starts at once.
   */
  perInstallation?: number;
}

export const DEFAULT_LANE_GATE: Required<LaneGateOptions> = { perProcess: 64, perInstallation: 32 };

/**
 * Where a review's lanes wait for their turn: a process-wide semaphore and one per installation.
 * An installation is keyed by its account (owner login): a GitHub App has exactly one installation
 * per account, and the owner is what every review knows. Built once per worker process (see
 * `src/main/worker.ts`); per-installation semaphores are dropped when idle, so the map stays small.
 */
export class LaneGate {
  private readonly process: Semaphore;
  private readonly installations = new Map<string, Semaphore>();
  private readonly perInstallation: number;

  constructor(options: LaneGateOptions = {}) {
    this.process = new Semaphore(Math.max(1, options.perProcess ?? DEFAULT_LANE_GATE.perProcess));
    this.perInstallation = Math.max(1, options.perInstallation ?? DEFAULT_LANE_GATE.perInstallation);
  }

  /** Most lanes one review can run at once: more would wait here for a second wave. */
  get capacity(): number {
    return Math.min(this.process.limit, this.perInstallation);
  }

  /** Lanes running now in the process. */
  get inFlight(): number {
    return this.process.inUse;
  }

  /** Runs `lane` once both the installation and the process have room; aborts while waiting. */
  async run<T>(owner: string, lane: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const key = owner.toLowerCase();
    let installation = this.installations.get(key);
    if (!installation) this.installations.set(key, (installation = new Semaphore(this.perInstallation)));
    // The installation's permit first: a busy account then waits without holding a process permit.
    const releaseInstallation = await installation.acquire(signal).catch((error: unknown) => {
      this.forgetIfIdle(key, installation);
      throw error;
    });
    try {
      const releaseProcess = await this.process.acquire(signal);
      try {
        return await lane();
      } finally {
        releaseProcess();
      }
    } finally {
      releaseInstallation();
      this.forgetIfIdle(key, installation);
    }
  }

  private forgetIfIdle(key: string, semaphore: Semaphore): void {
    if (semaphore.inUse === 0 && semaphore.waiting === 0) this.installations.delete(key);
  }
}
