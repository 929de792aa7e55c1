import type { Job } from "bullmq";
import type { z } from "zod";
import { GitHubPublisher } from "../github/publisher.js";
import { GitHubReader } from "../github/reader.js";
import { GitHubThreads } from "../github/threads.js";
import type { GitHubClient } from "../github/client.js";
import { withSignal } from "../github/resilient-octokit.js";
import type { Log } from "../observability/log.js";
import type { PullRequestRef } from "../review/ports.js";
import { bullmqError } from "./failure.js";

/** A job's payload, validated where it enters the worker; a malformed one is never retried. */
export function parseJobData<T>(schema: z.ZodType<T>, job: Job, what: string): T {
  const parsed = schema.safeParse(job.data);
  if (!parsed.success) {
    throw bullmqError({
      kind: "final",
      error: new Error(`invalid ${what} job payload: ${parsed.error.message}`),
    });
  }
  return parsed.data;
}

export function jobLog(log: Log, job: Job, pr: PullRequestRef, fields: Record<string, unknown>): Log {
  return log.child({ jobId: job.id, ...fields, owner: pr.owner, repo: pr.repo, pull: pr.pullNumber });
}

/** The GitHub adapters of one installation, and the app's bot login. */
export interface InstallationServices {
  octokit: GitHubClient;
  botLogin: string;
  reader: GitHubReader;
  publisher: GitHubPublisher;
  threads: GitHubThreads;
}

export async function installationServices(
  deps: {
    auth(installationId: number): Promise<GitHubClient>;
    botLogin(repo: { owner: string; repo: string }): Promise<string>;
  },
  installationId: number,
  pr: PullRequestRef,
  /** The job's: every GitHub request of the job stops when the job is stopped. */
  signal?: AbortSignal,
): Promise<InstallationServices> {
  const [client, botLogin] = await Promise.all([deps.auth(installationId), deps.botLogin(pr)]);
  const octokit = withSignal(client, signal);
  return {
    octokit,
    botLogin,
    reader: new GitHubReader(octokit),
    publisher: new GitHubPublisher(octokit),
    threads: new GitHubThreads(octokit),
  };
}
