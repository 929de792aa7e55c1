import { installationServices, jobLog, parseJobData } from "./job-input.js";
import type { Job } from "bullmq";
import { GitHubCommitter } from "../github/commit.js";
import { conversationJobSchema, type ConversationJob } from "../queue/jobs.js";
import { reply, type ConversationContext } from "../review/conversation/context.js";
import type { ConversationRequest } from "../review/conversation/request.js";
import {
  placeOf,
  runConversation,
  type ConversationOutcome,
} from "../review/conversation/run-conversation.js";
import { bullmqError, decideFailure, failureReason } from "./failure.js";
import type { WorkerDeps } from "./deps.js";

/** The domain's view of a conversation job. */
function requestOf(data: ConversationJob): ConversationRequest {
  return {
    command: data.command,
    pr: { owner: data.owner, repo: data.repo, pullNumber: data.pullNumber },
    mode: data.mode,
    commentId: data.commentId,
    requester: { login: data.requestedBy, id: data.requesterId },
    text: data.text,
  };
}

/** Builds a conversation command's context, runs it, and maps its errors like a review's. */
export async function processConversation(
  deps: WorkerDeps,
  job: Job<ConversationJob>,
  signal?: AbortSignal,
): Promise<ConversationOutcome> {
  const data = parseJobData(conversationJobSchema, job, "conversation");
  const request = requestOf(data);
  const { pr } = request;
  const log = jobLog(deps.log, job, pr, { command: data.command });
  let ctx: ConversationContext | undefined;
  try {
    const { octokit, botLogin, reader, publisher, threads } = await installationServices(
      deps,
      data.installationId,
      pr,
      signal,
    );
    ctx = {
      log,
      reader,
      publisher,
      threads,
      committer: new GitHubCommitter(octokit),
      permissions: deps.state.permissions,
      ledger: deps.state.ledgers.forPullRequest(pr),
      pause: deps.state.memory,
      model: deps.model,
      settings: deps.settings,
      botLogin,
      signal,
    };
    const outcome = await runConversation(ctx, request);
    log.info({ outcome }, "conversation job done");
    deps.metrics?.reviewOutcome(`command-${data.command}`);
    return outcome;
  } catch (error) {
    const decision = decideFailure(error, job.attemptsMade, job.opts.attempts ?? 1);
    log.warn(
      { decision: decision.kind, err: error instanceof Error ? error.message : String(error) },
      "conversation attempt failed",
    );
    // A commit that landed must not be made twice: `apply` is never retried.
    const final = decision.kind === "final" || data.command === "apply";
    if (final && ctx) {
      await reply(
        ctx,
        pr,
        placeOf(request),
        `Sorry, I could not do that: ${failureReason(error)}. Nothing was changed; ask again later.`,
      ).catch((replyError: unknown) =>
        log.error({ err: String(replyError) }, "could not post the failure reply"),
      );
    }
    throw bullmqError(final ? { kind: "final", error } : decision);
  }
}
