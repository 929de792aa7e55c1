import { notFound } from "./errors.js";
import type { Urls } from "./render-common.js";
import type { FakeState, PullRecord, RepoRecord, UserRecord } from "./state.js";

/** The app the fake serves, as handlers need it. */
export interface AppInfo {
  id: number;
  slug: string;
  /** `<slug>[bot]`: the author of everything the app writes. */
  bot: UserRecord;
  /** The account that owns the app registration. */
  owner: UserRecord;
  /** Permissions the app registration asks for (what installations grant by default). */
  permissions: Record<string, string>;
}

/** One routed, authenticated and schema-valid request, as a handler sees it. */
export interface RequestContext {
  state: FakeState;
  app: AppInfo;
  operationId: string;
  params: Record<string, string>;
  /** Query values typed by the operation's schema (integers as numbers). */
  query: Record<string, unknown>;
  /** The JSON body (validated against the operation's schema when it has one). */
  body: Record<string, unknown>;
  /** Lower-cased request headers. */
  headers: Record<string, string>;
  /** The absolute URL the client used (with its `/api/v3` prefix), for `Link` headers. */
  requestUrl: URL;
  urls: Urls;
  installationId: number | null;
  /** Records the request in `fake.unexpected` (e.g. a GraphQL document the fake does not know). */
  reportUnexpected: (reason: string) => void;
}

export interface HandlerResult {
  status: number;
  /** Serialised as JSON. */
  body?: unknown;
  /** Sent as is (raw media types), instead of `body`. */
  text?: string;
  headers?: Record<string, string>;
}

export type Handler = (ctx: RequestContext) => HandlerResult;

export function requireRepo(ctx: RequestContext): RepoRecord {
  const repo = ctx.state.repo(ctx.params["owner"] ?? "", ctx.params["repo"] ?? "");
  if (!repo) throw notFound();
  return repo;
}

export function requirePull(ctx: RequestContext, number = Number(ctx.params["pull_number"])): PullRecord {
  const repo = requireRepo(ctx);
  const pull = ctx.state.pull(repo.fullName.toLowerCase(), number);
  if (!pull) throw notFound();
  return pull;
}

export function intParam(ctx: RequestContext, name: string): number {
  return Number(ctx.params[name]);
}

/**
 * One page of `items` and GitHub's `Link` header (`next`/`last`, plus `prev`/`first` after page 1),
 * built on the URL the client used so Octokit's paginate can follow it.
 */
export function paginate(ctx: RequestContext, items: unknown[], defaultPerPage = 30): HandlerResult {
  // GitHub serves at most 100 items a page, whatever `per_page` asks for (a compare without paging
  // parameters, 250 commits).
  const perPage =
    typeof ctx.query["per_page"] === "number" ? Math.min(100, ctx.query["per_page"]) : defaultPerPage;
  const page = typeof ctx.query["page"] === "number" ? ctx.query["page"] : 1;
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const link = (n: number, rel: string) => {
    const url = new URL(ctx.requestUrl);
    url.searchParams.set("per_page", String(perPage));
    url.searchParams.set("page", String(n));
    return `<${url.toString()}>; rel="${rel}"`;
  };
  const parts: string[] = [];
  if (page > 1) parts.push(link(Math.min(page - 1, lastPage), "prev"));
  if (page < lastPage) parts.push(link(page + 1, "next"), link(lastPage, "last"));
  if (page > 1) parts.push(link(1, "first"));
  return { status: 200, body: slice, headers: parts.length > 0 ? { link: parts.join(", ") } : {} };
}

/** The request body in the shape the operation's schema (already checked) guarantees. */
export function bodyAs<T>(ctx: RequestContext): T {
  return ctx.body as unknown as T;
}
