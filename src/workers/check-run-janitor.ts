import { QueueEvents, type Job } from "bullmq";
import type { RedisClient } from "../state/connection.js";
import { GitHubPublisher } from "../github/publisher.js";
import type { GitHubClient } from "../github/client.js";
import type { Log } from "../observability/log.js";
import { reviewJobSchema } from "../queue/jobs.js";
import { jobReviewKey } from "../review/pipeline/idempotency.js";
import { QUEUES } from "../queue/names.js";
import type { Queues } from "../queue/queues.js";
import { closeRedis, duplicateConnection } from "../state/connection.js";
import type { ReviewMemory } from "../review/pipeline/memory.js";
import type { CheckRunState, OpenCheckRun, OpenCheckRuns } from "../review/ports.js";
import { renderCheckFailed } from "../review/render/check-run.js";

export interface JanitorDeps {
  /** The registry of open runs (the one the jobs and the web server write). */
  registry: OpenCheckRuns;
  /** Per-PR memory: the run an idempotency key holds. */
  memory: Pick<ReviewMemory, "checkRun">;
  /** Duplicated for the queue-event listeners, which block: a client without command timeouts. */
  blocking: RedisClient;
  /** BullMQ's prefix (hash-tagged on a Cluster), for the queue-event listeners. */
  queuePrefix: string;
  queues: Queues;
  /** Runs untouched this long, whose job is gone, are orphans (the job lock: a live job renews sooner). */
  idleMs: number;
  auth(installationId: number): Promise<GitHubClient>;
  log: Log;
}

const LIVE_STATES: ReadonlySet<string> = new Set([
  "active",
  "waiting",
  "delayed",
  "prioritized",
  "waiting-children",
]);

function interrupted(reason: string): CheckRunState {
  return {
    status: "completed",
    ...renderCheckFailed({ reason, next: "Re-run this check to review again", needsAction: false }),
  };
}

/**
 * Makes sure every check run the bot started ends, whatever happened to its job: a job BullMQ
 * failed without running our code (stalled past its limit) completes its run from the queue's
 * `failed` event, and a sweep — at start-up and every `idleMs` — completes runs whose job is gone.
 */
export class CheckRunJanitor {
  private readonly registry: OpenCheckRuns;
  private readonly memory: Pick<ReviewMemory, "checkRun">;
  private readonly events: QueueEvents[] = [];
  private readonly eventConnections: RedisClient[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: JanitorDeps) {
    this.registry = deps.registry;
    this.memory = deps.memory;
  }

  async start(): Promise<void> {
    for (const name of [QUEUES.mentions, QUEUES.reviews]) {
      // QueueEvents blocks on its connection: it gets one of its own.
      const connection = duplicateConnection(this.deps.blocking);
      const events = new QueueEvents(name, { connection, prefix: this.deps.queuePrefix });
      events.on("failed", ({ jobId }) => void this.onFailed(name, jobId));
      this.events.push(events);
      this.eventConnections.push(connection);
      await events.waitUntilReady();
    }
    await this.sweep();
    this.timer = setInterval(() => void this.sweep(), this.deps.idleMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all(this.events.map((events) => events.close()));
    await Promise.all(this.eventConnections.map((connection) => closeRedis(connection)));
  }

  /** A review job failed for good: its run, if still open, ends with the re-run button. */
  async onFailed(queueName: string, jobId: string): Promise<void> {
    try {
      const queue = queueName === QUEUES.mentions ? this.deps.queues.mentions : this.deps.queues.reviews;
      const job = (await queue.getJob(jobId)) as Job | undefined;
      if (!job || job.name !== "review") return;
      const parsed = reviewJobSchema.safeParse(job.data);
      if (!parsed.success) return;
      const data = parsed.data;
      const pr = { owner: data.owner, repo: data.repo, pullNumber: data.pullNumber };
      const key = jobReviewKey(data);
      const id = data.checkRunId ?? (key === null ? null : await this.memory.checkRun(pr, key));
      if (id === null) return;
      await this.complete(
        {
          ...pr,
          checkRunId: id,
          installationId: data.installationId,
          headSha: data.headSha ?? "",
          key: key ?? "",
          queue: queueName,
          jobId,
        },
        "the review job failed",
      );
    } catch (error) {
      this.deps.log.warn({ err: String(error), jobId }, "could not complete the check run of a failed job");
    }
  }

  /** Completes open runs nobody touched for `idleMs` whose job is no longer waiting or running. */
  async sweep(): Promise<number> {
    let completed = 0;
    try {
      for (const run of await this.registry.idle(this.deps.idleMs)) {
        if (await this.jobAlive(run)) {
          await this.registry.touched(run.checkRunId);
          continue;
        }
        if (await this.complete(run, "the review was interrupted")) completed++;
      }
    } catch (error) {
      this.deps.log.warn({ err: String(error) }, "check-run sweep failed");
    }
    if (completed > 0) this.deps.log.info({ completed }, "completed orphaned check runs");
    return completed;
  }

  private async jobAlive(run: OpenCheckRun): Promise<boolean> {
    if (run.jobId === null || run.queue === null) return false;
    const queue = run.queue === QUEUES.mentions ? this.deps.queues.mentions : this.deps.queues.reviews;
    const job = await queue.getJob(run.jobId);
    return job !== undefined && LIVE_STATES.has(await job.getState());
  }

  /** Ends a run once: only the caller that takes it out of the registry writes to GitHub. */
  private async complete(run: OpenCheckRun, reason: string): Promise<boolean> {
    if (!(await this.registry.closed(run.checkRunId))) return false;
    try {
      const octokit = await this.deps.auth(run.installationId);
      await new GitHubPublisher(octokit).updateCheckRun(run, run.checkRunId, interrupted(reason));
      return true;
    } catch (error) {
      // Back in the registry: the next sweep tries again.
      await this.registry.opened(run);
      this.deps.log.warn({ err: String(error), checkRun: run.checkRunId }, "could not complete a check run");
      return false;
    }
  }
}
