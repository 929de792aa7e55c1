import { GqlError, execute, type GqlObject } from "./graphql-exec.js";
import {
  actor,
  canSee,
  issueCommentObject,
  pullRequestObject,
  repositoryObject,
  reviewCommentObject,
  threadObject,
  type GqlContext,
} from "./graphql-objects.js";
import { GqlSyntaxError, parseGraphql, type GqlDocument } from "./graphql-parse.js";
import type { HandlerResult, RequestContext } from "./handler.js";
import { react } from "./reactions.js";
import type { NodeRef, ReactionSubject } from "./state.js";

/* The REST enum `minimizedReason` is lower-case and dashed, unlike the mutation's classifier. */
const MINIMIZED_REASON: Record<string, string> = {
  SPAM: "spam",
  ABUSE: "abuse",
  OFF_TOPIC: "off-topic",
  OUTDATED: "outdated",
  DUPLICATE: "duplicate",
  RESOLVED: "resolved",
  LOW_QUALITY: "low-quality",
};

const REACTION: Record<string, string> = {
  THUMBS_UP: "+1",
  THUMBS_DOWN: "-1",
  LAUGH: "laugh",
  HOORAY: "hooray",
  CONFUSED: "confused",
  HEART: "heart",
  ROCKET: "rocket",
  EYES: "eyes",
};

function notFoundNode(id: unknown): GqlError {
  return new GqlError(`Could not resolve to a node with the global id of '${String(id)}'`, "NOT_FOUND");
}

function input(args: Record<string, unknown>): Record<string, unknown> {
  const value = args["input"];
  return value && typeof value === "object" ? (value as Record<string, unknown>) : {};
}

function lookup(ctx: GqlContext, id: unknown): NodeRef {
  const ref = ctx.state.nodes.get(String(id));
  if (!ref || !canSee(ctx, ref.repoKey)) throw notFoundNode(id);
  return ref;
}

function nodeObject(ctx: GqlContext, id: unknown): GqlObject {
  const ref = lookup(ctx, id);
  if (ref.kind === "review_thread") {
    const thread = ctx.state.threads.get(ref.id);
    if (thread) return threadObject(ctx, thread);
  }
  if (ref.kind === "review_comment") {
    const comment = ctx.state.reviewComments.find((c) => c.id === ref.id);
    if (comment) return reviewCommentObject(ctx, comment);
  }
  if (ref.kind === "issue_comment") {
    const comment = ctx.state.issueComments.find((c) => c.id === ref.id);
    if (comment) return issueCommentObject(ctx, comment);
  }
  if (ref.kind === "pull") {
    const pull = [...ctx.state.pulls.values()].find((p) => p.id === ref.id);
    if (pull) return pullRequestObject(ctx, pull);
  }
  throw notFoundNode(id);
}

function setResolved(ctx: GqlContext, args: Record<string, unknown>, resolved: boolean): GqlObject {
  const { threadId, clientMutationId } = input(args);
  const ref = lookup(ctx, threadId);
  const thread = ref.kind === "review_thread" ? ctx.state.threads.get(ref.id) : undefined;
  if (!thread) throw notFoundNode(threadId);
  ctx.effects.push(() => {
    thread.isResolved = resolved;
    thread.resolvedBy = resolved ? ctx.app.bot : null;
  });
  return {
    __typename: "Payload",
    clientMutationId: clientMutationId ?? null,
    thread: threadObject(ctx, thread, resolved),
  };
}

function minimize(ctx: GqlContext, args: Record<string, unknown>): GqlObject {
  const { subjectId, classifier, clientMutationId } = input(args);
  const reason = MINIMIZED_REASON[String(classifier)];
  if (!reason) {
    throw new GqlError(
      `Argument 'classifier' on InputObject 'MinimizeCommentInput' has an invalid value (${String(classifier)}). Expected type 'ReportedContentClassifiers!'.`,
      "argumentLiteralsIncompatible",
    );
  }
  const ref = lookup(ctx, subjectId);
  const comment =
    ref.kind === "review_comment"
      ? ctx.state.reviewComments.find((c) => c.id === ref.id)
      : ref.kind === "issue_comment"
        ? ctx.state.issueComments.find((c) => c.id === ref.id)
        : undefined;
  if (!comment) throw notFoundNode(subjectId);
  ctx.effects.push(() => {
    comment.isMinimized = true;
    comment.minimizedReason = reason;
  });
  return {
    __typename: "MinimizeCommentPayload",
    clientMutationId: clientMutationId ?? null,
    minimizedComment: {
      __typename: ref.kind === "review_comment" ? "PullRequestReviewComment" : "IssueComment",
      __interfaces: ["Minimizable"],
      isMinimized: true,
      minimizedReason: reason,
      viewerCanMinimize: true,
    },
  };
}

const SUBJECT_OF: Partial<Record<NodeRef["kind"], ReactionSubject>> = {
  issue_comment: "issue_comment",
  review_comment: "review_comment",
  review: "review",
  pull: "issue",
};

function addReaction(ctx: GqlContext, args: Record<string, unknown>): GqlObject {
  const { subjectId, content, clientMutationId } = input(args);
  const rest = REACTION[String(content)];
  if (!rest)
    throw new GqlError(
      `Argument 'content' on InputObject 'AddReactionInput' has an invalid value (${String(content)}). Expected type 'ReactionContent!'.`,
      "argumentLiteralsIncompatible",
    );
  const ref = lookup(ctx, subjectId);
  const type = SUBJECT_OF[ref.kind];
  if (!type || ref.repoKey === undefined) throw notFoundNode(subjectId);
  const pull = ref.kind === "pull" ? [...ctx.state.pulls.values()].find((p) => p.id === ref.id) : undefined;
  const subject = { repoKey: ref.repoKey, type, id: pull ? pull.number : ref.id };
  ctx.effects.push(() => void react(ctx.state, subject, ctx.app.bot, rest));
  return {
    __typename: "AddReactionPayload",
    clientMutationId: clientMutationId ?? null,
    reaction: { __typename: "Reaction", content: String(content), user: actor(ctx.app.bot, ctx.web) },
    subject: { __typename: "Reactable", id: String(subjectId) },
  };
}

function roots(ctx: GqlContext): { query: GqlObject; mutation: GqlObject } {
  const query: GqlObject = {
    __typename: "Query",
    repository: (args: Record<string, unknown>) => {
      const repo = ctx.state.repo(String(args["owner"]), String(args["name"]));
      if (!repo || !canSee(ctx, repo.fullName.toLowerCase())) {
        throw new GqlError(
          `Could not resolve to a Repository with the name '${String(args["owner"])}/${String(args["name"])}'.`,
          "NOT_FOUND",
        );
      }
      return repositoryObject(ctx, repo);
    },
    node: (args: Record<string, unknown>) => nodeObject(ctx, args["id"]),
    viewer: () => actor(ctx.app.bot, ctx.web),
    rateLimit: {
      __typename: "RateLimit",
      limit: 5000,
      cost: 1,
      remaining: 4999,
      used: 1,
      resetAt: new Date(Date.now() + 3_600_000).toISOString(),
    },
  };
  const mutation: GqlObject = {
    __typename: "Mutation",
    resolveReviewThread: (args: Record<string, unknown>) => setResolved(ctx, args, true),
    unresolveReviewThread: (args: Record<string, unknown>) => setResolved(ctx, args, false),
    minimizeComment: (args: Record<string, unknown>) => minimize(ctx, args),
    addReaction: (args: Record<string, unknown>) => addReaction(ctx, args),
  };
  return { query, mutation };
}

/** Answers `POST /graphql` with GitHub's `{data}` / `{errors}` shapes (always HTTP 200). */
export function handleGraphql(request: RequestContext): HandlerResult {
  const { query, variables, operationName } = request.body as {
    query?: unknown;
    variables?: Record<string, unknown>;
    operationName?: string;
  };
  let doc: GqlDocument;
  try {
    doc = parseGraphql(typeof query === "string" ? query : "");
  } catch (error) {
    if (!(error instanceof GqlSyntaxError)) throw error;
    request.reportUnexpected(`GraphQL document does not parse: ${error.message}`);
    return { status: 200, body: { errors: [{ message: error.message }] } };
  }
  const ctx: GqlContext = {
    state: request.state,
    app: request.app,
    installationId: request.installationId,
    web: request.urls.web,
    effects: [],
  };
  const { body, valid } = execute(doc, operationName, variables ?? {}, roots(ctx));
  if (!valid) {
    request.reportUnexpected(
      `unsupported GraphQL document: ${(body.errors ?? []).map((e) => e.message).join("; ")}`,
    );
    return { status: 200, body };
  }
  for (const effect of ctx.effects) effect();
  return { status: 200, body };
}
