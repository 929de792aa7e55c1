import type { Log } from "../../observability/log.js";
import type { CheckRunPublisher, CheckRunRegistry, CheckRunState, PullRequestRef } from "../ports.js";
import type { ReviewMemory } from "./memory.js";

/** Who will complete a run: recorded with it, so a sweep can tell an orphan from a waiting job. */
export interface CheckRunOwner {
  installationId: number;
  queue: string | null;
  jobId: string | null;
}

const DUPLICATE: CheckRunState = {
  status: "completed",
  conclusion: "neutral",
  title: "Duplicate",
  summary: "Another check run on this commit reports this review.",
};

/**
 * The "Codex review" check run of one review request. The run is recorded under the request's key,
 * so every later try (and the failure report) finds the same run; every run it starts is in the
 * registry of open runs until it completes. Its failures are logged and never fail the review: a
 * missing `checks` permission must not cost the user their findings.
 */
export class CheckRunTracker {
  private id: number | null = null;
  private key: string | null = null;
  private newHead = false;

  constructor(
    private readonly checks: CheckRunPublisher,
    private readonly memory: ReviewMemory,
    private readonly pr: PullRequestRef,
    private readonly log: Log,
    private readonly registry?: CheckRunRegistry,
    private readonly owner?: CheckRunOwner,
  ) {}

  get checkRunId(): number | null {
    return this.id;
  }

  /**
   * The request moves on to a newer head after its run on the old one was completed as superseded:
   * this tracker starts a run on the new head and records it under the request's key, instead of
   * reporting the new head's review on the old commit.
   */
  startOver(): void {
    this.newHead = true;
  }

  /** Moves the run of `key` (created when the job was queued, by an earlier try, or now) to `state`. */
  async begin(headSha: string, key: string, knownId: number | null, state: CheckRunState): Promise<void> {
    this.key = key;
    try {
      this.id = knownId ?? (this.newHead ? null : await this.memory.checkRun(this.pr, key));
      if (this.id === null && this.newHead) {
        this.id = (await this.checks.createCheckRun(this.pr, headSha, state, key)).id;
        await this.memory.setCheckRun(this.pr, key, this.id);
        await this.opened(headSha, key, this.id, state);
        return;
      }
      if (this.id === null) {
        const created = (await this.checks.createCheckRun(this.pr, headSha, state, key)).id;
        this.id = await this.memory.claimCheckRun(this.pr, key, created);
        if (this.id === created) {
          await this.opened(headSha, key, created, state);
          return;
        }
        // Another process made the request's run at the same moment: keep theirs, end ours.
        await this.checks.updateCheckRun(this.pr, created, DUPLICATE);
      }
      await this.apply(this.id, state);
      await this.memory.claimCheckRun(this.pr, key, this.id);
    } catch (error) {
      this.log.warn({ err: String(error) }, "could not create or update the check run");
    }
  }

  /** Finds the request's run when this try has none yet (a failure before `begin`). */
  async adopt(key: string): Promise<void> {
    this.key = key;
    if (this.id !== null) return;
    this.id = await this.memory.checkRun(this.pr, key).catch(() => null);
  }

  async update(state: CheckRunState): Promise<void> {
    if (this.id === null) return;
    try {
      await this.apply(this.id, state);
    } catch (error) {
      // Still open in the registry: the sweep completes it if no later update does.
      this.log.warn({ err: String(error) }, "could not update the check run");
    }
  }

  private async apply(id: number, state: CheckRunState): Promise<void> {
    await this.checks.updateCheckRun(this.pr, id, state);
    if (!this.registry) return;
    if (state.status === "completed") await this.registry.closed(id);
    else await this.registry.touched(id);
  }

  private async opened(headSha: string, key: string, id: number, state: CheckRunState): Promise<void> {
    if (!this.registry || !this.owner || state.status === "completed") return;
    await this.registry.opened({
      checkRunId: id,
      installationId: this.owner.installationId,
      owner: this.pr.owner,
      repo: this.pr.repo,
      pullNumber: this.pr.pullNumber,
      headSha,
      key,
      queue: this.owner.queue,
      jobId: this.owner.jobId,
    });
  }

  /** The key the run was recorded under, once known. */
  get requestKey(): string | null {
    return this.key;
  }
}
