import type { Command } from "../commands/parse.js";
import { parseCommand, usageText } from "../commands/parse.js";
import { newlyMentioned } from "../commands/edited.js";
import { routeOf } from "../commands/registry.js";
import { assertNever } from "../errors.js";
import { GitHubThreads } from "../github/threads.js";
import type { GitHubClient } from "../github/client.js";
import { enqueueConversation, enqueueMention } from "../queue/queues.js";
import type { WebhookDeps } from "./deps.js";

/** A comment that may address the bot, wherever it was written. */
export interface Mention {
  /** A PR conversation comment, a review comment (in a thread), or a submitted review's body. */
  where: "conversation" | "thread" | "review-body";
  installationId: number;
  owner: string;
  repo: string;
  pullNumber: number;
  deliveryId: string;
  /** The comment holding the mention; null for a review body. */
  commentId: number | null;
  /** For a thread: the thread's first comment, which replies must point at. */
  threadRootId: number | null;
  body: string;
  /** The body before an edit; a mention counts only if the edit added it. */
  previousBody: string | null;
  sender: { login: string; id: number; type: string };
  /**
   * GitHub's `author_association` of the comment: anything but OWNER, MEMBER or COLLABORATOR counts
   * against the installation's ceiling of free replies to strangers (no API call needed).
   */
  association: string;
  defaultBranch: string;
  octokit: GitHubClient;
  log: {
    info: (fields: Record<string, unknown>, message: string) => void;
    warn: (fields: Record<string, unknown>, message: string) => void;
  };
}

/** Bots are ignored — this app included, even when its text contains the trigger — unless allowed. */
function fromIgnoredBot(mention: Mention, deps: WebhookDeps): boolean {
  return mention.sender.type === "Bot" && !deps.allowedBots.includes(mention.sender.login.toLowerCase());
}

/**
 * Parses a mention and routes it: a usage reply for help and mistakes, a review job, or a
 * conversation job. Never calls the model; the answer to anything paid comes from a worker.
 */
export async function routeMention(mention: Mention, deps: WebhookDeps): Promise<void> {
  if (fromIgnoredBot(mention, deps)) return;
  // Most comments mention nobody: skip them before spending a config read.
  if (!mention.body.includes("@")) return;
  const { config } = await deps.configs.get(
    mention.octokit,
    mention.owner,
    mention.repo,
    mention.defaultBranch,
  );
  const trigger = config.trigger ?? deps.trigger;
  if (mention.previousBody !== null && !newlyMentioned(mention.previousBody, mention.body, trigger)) return;
  const command = parseCommand(mention.body, trigger);
  if (!command) return;
  const queued = await enqueueCommand(mention, command, deps, trigger);
  mention.log.info({ command: command.kind, where: mention.where, queued }, "mention routed");
  if (queued) acknowledge(mention);
}

async function enqueueCommand(
  mention: Mention,
  command: Command,
  deps: WebhookDeps,
  trigger: string,
): Promise<boolean> {
  const base = {
    installationId: mention.installationId,
    owner: mention.owner,
    repo: mention.repo,
    pullNumber: mention.pullNumber,
    deliveryId: mention.deliveryId,
  };
  const inThread = mention.where === "thread" && mention.commentId !== null;
  const route = routeOf(command, { inThread, trigger });
  switch (route.kind) {
    case "usage":
      await say(
        mention,
        deps,
        route.note === null ? usageText(trigger) : `${route.note}\n\n${usageText(trigger)}`,
      );
      return false;
    case "reply":
      await say(mention, deps, route.text);
      return false;
    case "review":
      return enqueueMention(deps.queues, {
        ...base,
        trigger: "mention",
        commentId: mention.where === "conversation" ? mention.commentId : null,
        requestedBy: mention.sender.login,
        scope: route.scope,
        focus: route.focus && { kind: route.focus.kind, text: route.focus.text.slice(0, 4_000) },
      }).then((r) => r.added);
    case "conversation":
      return enqueueConversation(deps.queues, {
        ...base,
        command: route.command,
        mode: route.mode,
        text: route.text.slice(0, 4_000),
        commentId: mention.commentId ?? mention.threadRootId ?? 1,
        requestedBy: mention.sender.login,
        requesterId: mention.sender.id,
      }).then((r) => r.added);
    default:
      return assertNever(route, "command route");
  }
}

const KNOWN = new Set(["OWNER", "MEMBER", "COLLABORATOR"]);

/**
 * A short answer where the mention was written. No model call, so no permission check — but
 * bounded: one per person per PR per hour, and a ceiling per installation for strangers.
 */
async function say(mention: Mention, deps: WebhookDeps, body: string): Promise<void> {
  const pr = { owner: mention.owner, repo: mention.repo, pullNumber: mention.pullNumber };
  const allowed = await deps.replies.take({
    installationId: mention.installationId,
    pr,
    login: mention.sender.login,
    stranger: !KNOWN.has(mention.association.toUpperCase()),
  });
  if (!allowed) {
    mention.log.info({ login: mention.sender.login }, "free reply limit reached; not answering");
    return;
  }
  try {
    if (mention.where === "thread" && mention.threadRootId !== null) {
      await new GitHubThreads(mention.octokit).replyToReviewComment(pr, mention.threadRootId, body);
    } else {
      await mention.octokit.rest.issues.createComment({
        owner: pr.owner,
        repo: pr.repo,
        issue_number: pr.pullNumber,
        body,
      });
    }
  } catch (error) {
    mention.log.warn({ err: String(error) }, "usage reply failed");
  }
}

/** The 👀 is an acknowledgement, not part of the work: never make the webhook wait for it. */
function acknowledge(mention: Mention): void {
  const { octokit, owner, repo, commentId } = mention;
  if (commentId === null) return; // reviews have no REST reaction endpoint
  const react =
    mention.where === "thread"
      ? octokit.rest.reactions.createForPullRequestReviewComment({
          owner,
          repo,
          comment_id: commentId,
          content: "eyes",
        })
      : octokit.rest.reactions.createForIssueComment({ owner, repo, comment_id: commentId, content: "eyes" });
  react.catch((error: unknown) => mention.log.warn({ err: String(error) }, "eyes reaction failed"));
}
