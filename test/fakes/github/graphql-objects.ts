import type { AppInfo } from "./handler.js";
import { GqlError, type GqlObject } from "./graphql-exec.js";
import type {
  FakeState,
  IssueCommentRecord,
  PullRecord,
  RepoRecord,
  ReviewCommentRecord,
  ThreadRecord,
  UserRecord,
} from "./state.js";
import { rootOf, threadFor, visibleComments } from "./threads.js";

/** What the GraphQL objects need: the state, the app, who is asking, and queued mutations. */
export interface GqlContext {
  state: FakeState;
  app: AppInfo;
  installationId: number | null;
  web: string;
  /** Side effects of mutations, applied only when the whole document is valid. */
  effects: Array<() => void>;
}

/** Whether the caller's installation can see a repository (GitHub hides the rest as NOT_FOUND). */
export function canSee(ctx: GqlContext, repoKey: string | undefined): boolean {
  if (repoKey === undefined || ctx.installationId === null) return false;
  return ctx.state.installations.get(ctx.installationId)?.repositories.has(repoKey) ?? false;
}

/* In GraphQL an app's bot is `slug`, not the `slug[bot]` login REST shows. */
export function actor(user: UserRecord, web: string): GqlObject {
  const isBot = user.type === "Bot";
  const login = isBot ? user.login.replace(/\[bot\]$/, "") : user.login;
  return {
    __typename: isBot ? "Bot" : "User",
    __interfaces: ["Actor", "Node"],
    id: user.nodeId,
    login,
    url: isBot ? `${web}/apps/${login}` : `${web}/${login}`,
    avatarUrl: () => `${web}/avatars/u/${user.id}?v=4`,
    ...(isBot ? {} : { databaseId: user.id, name: null }),
  };
}

function cursor(index: number): string {
  return Buffer.from(`cursor:v2:${index}`).toString("base64");
}

function indexOf(value: unknown): number {
  const decoded = Buffer.from(String(value), "base64").toString("utf8");
  const match = /^cursor:v2:(\d+)$/.exec(decoded);
  if (!match)
    throw new GqlError(
      `\`${String(value)}\` does not appear to be a valid cursor.`,
      "INVALID_CURSOR_ARGUMENTS",
    );
  return Number(match[1]);
}

/** A Relay connection with GitHub's pagination rules (`first` or `last` required, at most 100). */
export function connection<T>(
  name: string,
  items: T[],
  args: Record<string, unknown>,
  toNode: (item: T) => GqlObject,
): GqlObject {
  const first = typeof args["first"] === "number" ? args["first"] : undefined;
  const last = typeof args["last"] === "number" ? args["last"] : undefined;
  if (first === undefined && last === undefined) {
    throw new GqlError(
      `You must provide a \`first\` or \`last\` value to properly paginate the \`${name}\` connection.`,
      "MISSING_PAGINATION_BOUNDARIES",
    );
  }
  for (const [arg, n] of [
    ["first", first],
    ["last", last],
  ] as const) {
    if (n !== undefined && n > 100) {
      throw new GqlError(
        `Requesting ${n} records on the \`${name}\` connection exceeds the \`${arg}\` limit of 100 records.`,
        "EXCESSIVE_PAGINATION",
      );
    }
  }
  let start = args["after"] ? indexOf(args["after"]) + 1 : 0;
  let end = args["before"] ? indexOf(args["before"]) : items.length;
  if (first !== undefined) end = Math.min(end, start + first);
  if (last !== undefined) start = Math.max(start, end - last);
  const slice = items.slice(start, end).map((item, i) => ({ node: toNode(item), cursor: cursor(start + i) }));
  return {
    __typename: `${name}Connection`,
    totalCount: items.length,
    nodes: slice.map((edge) => edge.node),
    edges: slice.map((edge) => ({ __typename: "Edge", cursor: edge.cursor, node: edge.node })),
    pageInfo: {
      __typename: "PageInfo",
      hasNextPage: end < items.length,
      hasPreviousPage: start > 0,
      startCursor: slice[0]?.cursor ?? null,
      endCursor: slice.at(-1)?.cursor ?? null,
    },
  };
}

export function reviewCommentObject(ctx: GqlContext, comment: ReviewCommentRecord): GqlObject {
  const review = ctx.state.reviews.find((r) => r.id === comment.reviewId);
  const parent =
    comment.inReplyToId === null
      ? undefined
      : ctx.state.reviewComments.find((c) => c.id === comment.inReplyToId);
  return {
    __typename: "PullRequestReviewComment",
    __interfaces: ["Node", "Comment", "Minimizable"],
    id: comment.nodeId,
    databaseId: comment.id,
    fullDatabaseId: String(comment.id),
    body: comment.body,
    bodyText: comment.body,
    author: actor(comment.user, ctx.web),
    createdAt: comment.createdAt,
    updatedAt: comment.updatedAt,
    url: `${ctx.web}/${ctx.state.repos.get(comment.repoKey)?.fullName ?? comment.repoKey}/pull/${comment.pullNumber}#discussion_r${comment.id}`,
    path: comment.path,
    line: comment.line,
    originalLine: comment.originalLine,
    startLine: comment.startLine,
    diffHunk: comment.diffHunk,
    outdated: comment.line === null && comment.subjectType === "line",
    isMinimized: comment.isMinimized,
    minimizedReason: comment.minimizedReason,
    state: review?.state === "PENDING" ? "PENDING" : "SUBMITTED",
    replyTo: () => (parent ? reviewCommentObject(ctx, parent) : null),
    pullRequestReview: () =>
      review
        ? { __typename: "PullRequestReview", id: review.nodeId, databaseId: review.id, state: review.state }
        : null,
    commit: { __typename: "Commit", oid: comment.commitId },
    originalCommit: { __typename: "Commit", oid: comment.originalCommitId },
    viewerDidAuthor: comment.user.id === ctx.app.bot.id,
  };
}

export function threadObject(ctx: GqlContext, thread: ThreadRecord, resolved = thread.isResolved): GqlObject {
  const root = ctx.state.reviewComments.find((c) => c.id === thread.rootCommentId) as ReviewCommentRecord;
  const comments = ctx.state.reviewComments.filter((c) => rootOf(ctx.state, c).id === root.id);
  const resolver = resolved ? (thread.resolvedBy ?? ctx.app.bot) : null;
  return {
    __typename: "PullRequestReviewThread",
    __interfaces: ["Node"],
    id: thread.nodeId,
    isResolved: resolved,
    isOutdated: root.line === null && root.subjectType === "line",
    isCollapsed: resolved,
    path: root.path,
    line: root.line,
    originalLine: root.originalLine,
    startLine: root.startLine,
    originalStartLine: root.originalStartLine,
    diffSide: root.side,
    startDiffSide: root.startLine === null ? null : root.startSide,
    subjectType: root.subjectType === "file" ? "FILE" : "LINE",
    resolvedBy: resolver ? actor(resolver, ctx.web) : null,
    viewerCanResolve: !resolved,
    viewerCanUnresolve: resolved,
    viewerCanReply: true,
    comments: (args: Record<string, unknown>) =>
      connection("comments", comments, args, (c) => reviewCommentObject(ctx, c)),
  };
}

export function pullRequestObject(ctx: GqlContext, pull: PullRecord): GqlObject {
  return {
    __typename: "PullRequest",
    __interfaces: ["Node"],
    id: pull.nodeId,
    databaseId: pull.id,
    number: pull.number,
    title: pull.title,
    body: pull.body ?? "",
    isDraft: pull.draft,
    state: pull.merged ? "MERGED" : pull.state === "open" ? "OPEN" : "CLOSED",
    headRefOid: pull.head.sha,
    headRefName: pull.head.ref,
    baseRefOid: pull.base.sha,
    baseRefName: pull.base.ref,
    author: actor(pull.user, ctx.web),
    url: `${ctx.web}/${ctx.state.repos.get(pull.repoKey)?.fullName ?? pull.repoKey}/pull/${pull.number}`,
    reviewThreads: (args: Record<string, unknown>) => {
      const roots = visibleComments(ctx.state, pull).filter((c) => c.inReplyToId === null);
      return connection("reviewThreads", roots, args, (root) =>
        threadObject(ctx, threadFor(ctx.state, root)),
      );
    },
  };
}

export function repositoryObject(ctx: GqlContext, repo: RepoRecord): GqlObject {
  const key = repo.fullName.toLowerCase();
  return {
    __typename: "Repository",
    __interfaces: ["Node"],
    id: repo.nodeId,
    databaseId: repo.id,
    name: repo.name,
    nameWithOwner: repo.fullName,
    owner: actor(repo.owner, ctx.web),
    isPrivate: repo.private,
    url: `${ctx.web}/${repo.fullName}`,
    pullRequest: (args: Record<string, unknown>) => {
      const pull = ctx.state.pull(key, Number(args["number"]));
      if (!pull)
        throw new GqlError(
          `Could not resolve to a PullRequest with the number of ${String(args["number"])}.`,
          "NOT_FOUND",
        );
      return pullRequestObject(ctx, pull);
    },
  };
}

export function issueCommentObject(ctx: GqlContext, comment: IssueCommentRecord): GqlObject {
  return {
    __typename: "IssueComment",
    __interfaces: ["Node", "Comment", "Minimizable"],
    id: comment.nodeId,
    databaseId: comment.id,
    fullDatabaseId: String(comment.id),
    body: comment.body,
    author: actor(comment.user, ctx.web),
    createdAt: comment.createdAt,
    isMinimized: comment.isMinimized,
    minimizedReason: comment.minimizedReason,
    viewerDidAuthor: comment.user.id === ctx.app.bot.id,
  };
}
