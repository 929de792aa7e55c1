import { GitHubError } from "../errors.js";
import { toGitHubError } from "./errors.js";

/*
 * The GraphQL documents of the thread adapter and the shapes they answer. Connections are read 100
 * at a time (GitHub's maximum); a thread with more than 100 comments is finished through `node`.
 */

const COMMENT_FIELDS = `databaseId body createdAt author { __typename login }`;

export const REVIEW_THREADS_QUERY = `
  query CodexReviewThreads($owner: String!, $name: String!, $number: Int!, $after: String) {
    repository(owner: $owner, name: $name) {
      pullRequest(number: $number) {
        reviewThreads(first: 100, after: $after) {
          nodes {
            id isResolved isOutdated path line
            resolvedBy { __typename login }
            comments(first: 100) {
              nodes { ${COMMENT_FIELDS} }
              pageInfo { hasNextPage endCursor }
            }
          }
          pageInfo { hasNextPage endCursor }
        }
      }
    }
  }`;

export const THREAD_COMMENTS_QUERY = `
  query CodexThreadComments($id: ID!, $after: String) {
    node(id: $id) {
      ... on PullRequestReviewThread {
        comments(first: 100, after: $after) {
          nodes { ${COMMENT_FIELDS} }
          pageInfo { hasNextPage endCursor }
        }
      }
    }
  }`;

export const RESOLVE_THREAD_MUTATION = `
  mutation CodexResolveThread($threadId: ID!) {
    resolveReviewThread(input: { threadId: $threadId }) { thread { id isResolved } }
  }`;

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface GqlActor {
  __typename: string;
  login: string;
}

export interface GqlComment {
  databaseId: number;
  body: string;
  createdAt: string;
  author: GqlActor | null;
}

export interface GqlCommentPage {
  nodes: GqlComment[];
  pageInfo: PageInfo;
}

export interface GqlThread {
  id: string;
  isResolved: boolean;
  isOutdated: boolean;
  path: string;
  line: number | null;
  resolvedBy: GqlActor | null;
  comments: GqlCommentPage;
}

export interface ReviewThreadsAnswer {
  repository: {
    pullRequest: { reviewThreads: { nodes: GqlThread[]; pageInfo: PageInfo } } | null;
  } | null;
}

export interface ThreadCommentsAnswer {
  node: { comments?: GqlCommentPage } | null;
}

/**
 * GraphQL names an app's bot `slug` (type `Bot`) where REST says `slug[bot]`; everything downstream
 * compares REST logins.
 */
export function restLogin(actor: GqlActor | null): { login: string | null; isBot: boolean } {
  if (!actor) return { login: null, isBot: false };
  const isBot = actor.__typename === "Bot" || actor.login.endsWith("[bot]");
  const login =
    actor.__typename === "Bot" && !actor.login.endsWith("[bot]") ? `${actor.login}[bot]` : actor.login;
  return { login, isBot };
}

interface GraphqlErrorLike {
  errors: Array<{ type?: string; message?: string }>;
}

function isGraphqlError(error: unknown): error is GraphqlErrorLike {
  return (
    typeof error === "object" &&
    error !== null &&
    Array.isArray((error as { errors?: unknown }).errors) &&
    typeof (error as { status?: unknown }).status !== "number"
  );
}

/**
 * GraphQL answers HTTP 200 with `errors[]` whose `type` says what went wrong; Octokit throws those
 * as a GraphqlResponseError without a status. HTTP failures go through the REST translation.
 */
export function toGraphqlError(error: unknown, what: string): GitHubError {
  if (!isGraphqlError(error)) return toGitHubError(error, what);
  const first = error.errors[0];
  const message = `GitHub GraphQL refused ${what}: ${first?.message ?? "unknown error"}`;
  switch (first?.type) {
    case "NOT_FOUND":
      return new GitHubError("github_not_found", message, { cause: error });
    case "FORBIDDEN":
      return new GitHubError("github_forbidden", message, { cause: error });
    case "RATE_LIMITED":
      return new GitHubError("github_rate_limited", message, { retryable: true, cause: error });
    default:
      return new GitHubError("github_request", message, { cause: error });
  }
}

export async function translateGraphql<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toGraphqlError(error, what);
  }
}
