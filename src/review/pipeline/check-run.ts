import type { Log } from "../../observability/log.js";
import type { CheckRunPublisher, CheckRunState, PullRequestRef } from "../ports.js";
import type { ReviewMemory } from "./memory.js";

/**
 * The "Codex review" check run of one review. Its failures are logged and never fail the review: a
 * missing `checks` permission must not cost the user their findings.
 */
export class CheckRunTracker {
  private id: number | null = null;

  constructor(
    private readonly checks: CheckRunPublisher,
    private readonly memory: ReviewMemory,
    private readonly pr: PullRequestRef,
    private readonly log: Log,
  ) {}

  get checkRunId(): number | null {
    return this.id;
  }

  /** Moves the run of `key` (created when the job was queued, or now) to `state`. */
  async begin(headSha: string, key: string, knownId: number | null, state: CheckRunState): Promise<void> {
    try {
      this.id = knownId ?? (await this.memory.checkRun(this.pr, key));
      if (this.id !== null) {
        await this.checks.updateCheckRun(this.pr, this.id, state);
      } else {
        this.id = (await this.checks.createCheckRun(this.pr, headSha, state)).id;
      }
      await this.memory.setCheckRun(this.pr, key, this.id);
    } catch (error) {
      this.log.warn({ err: String(error) }, "could not create or update the check run");
    }
  }

  async update(state: CheckRunState): Promise<void> {
    if (this.id === null) return;
    try {
      await this.checks.updateCheckRun(this.pr, this.id, state);
    } catch (error) {
      this.log.warn({ err: String(error) }, "could not update the check run");
    }
  }
}
