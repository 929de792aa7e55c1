import { invalidRequest, notFound, unprocessableMessage } from "./errors.js";
import {
  bodyAs,
  intParam,
  paginate,
  requireRepo,
  type AppInfo,
  type Handler,
  type RequestContext,
} from "./handler.js";
import { resolveRef } from "./refs.js";
import { renderApp, type Urls } from "./render-common.js";
import { nowIso, type CheckRunRecord, type FakeState } from "./state.js";

interface CheckRunBody {
  name?: string;
  head_sha?: string;
  details_url?: string;
  external_id?: string;
  status?: string;
  conclusion?: string;
  started_at?: string;
  completed_at?: string;
  output?: { title?: string; summary?: string; text?: string; annotations?: unknown[] };
  actions?: unknown[];
}

function minimalPull(state: FakeState, run: CheckRunRecord, urls: Urls) {
  const pulls = [...state.pulls.values()].filter(
    (p) => p.repoKey === run.repoKey && p.head.sha === run.headSha && p.state === "open",
  );
  return pulls.map((pull) => {
    const repo = state.repos.get(pull.repoKey);
    const side = (ref: string, sha: string) => ({
      ref,
      sha,
      repo: {
        id: repo?.id ?? 0,
        url: `${urls.api}/repos/${repo?.fullName ?? pull.repoKey}`,
        name: repo?.name ?? "",
      },
    });
    return {
      id: pull.id,
      number: pull.number,
      url: `${urls.api}/repos/${repo?.fullName ?? pull.repoKey}/pulls/${pull.number}`,
      head: side(pull.head.ref, pull.head.sha),
      base: side(pull.base.ref, pull.base.sha),
    };
  });
}

/** A "CheckRun" as GitHub answers it. */
export function renderCheckRun(state: FakeState, app: AppInfo, run: CheckRunRecord, urls: Urls) {
  const name = state.repos.get(run.repoKey)?.fullName ?? run.repoKey;
  const url = `${urls.api}/repos/${name}/check-runs/${run.id}`;
  return {
    id: run.id,
    node_id: run.nodeId,
    head_sha: run.headSha,
    external_id: run.externalId,
    url,
    html_url: `${urls.web}/${name}/runs/${run.id}`,
    details_url: run.detailsUrl,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    output: {
      title: run.output.title,
      summary: run.output.summary,
      text: run.output.text,
      annotations_count: run.output.annotationsCount,
      annotations_url: `${url}/annotations`,
    },
    name: run.name,
    check_suite: { id: run.checkSuiteId },
    app: renderApp(app, urls),
    pull_requests: minimalPull(state, run, urls),
  };
}

/*
 * GitHub's rules beyond the schema: a conclusion completes the run, a completed run needs a
 * conclusion, and only GitHub may set `stale`.
 */
function applyBody(run: CheckRunRecord, body: CheckRunBody): void {
  if (body.conclusion === "stale")
    throw unprocessableMessage("Invalid request.\n\nOnly GitHub can set a check run to stale.");
  if (body.name !== undefined) run.name = body.name;
  if (body.details_url !== undefined) run.detailsUrl = body.details_url;
  if (body.external_id !== undefined) run.externalId = body.external_id;
  if (body.started_at !== undefined) run.startedAt = body.started_at;
  if (body.status !== undefined) run.status = body.status;
  if (body.conclusion !== undefined) {
    run.conclusion = body.conclusion;
    run.status = "completed";
  }
  if (run.status === "completed" && run.conclusion === null)
    throw invalidRequest([`"conclusion" wasn't supplied.`]);
  if (run.status !== "completed") run.conclusion = null;
  if (run.status === "completed") run.completedAt = body.completed_at ?? run.completedAt ?? nowIso();
  if (body.output) {
    run.output = {
      title: body.output.title ?? null,
      summary: body.output.summary ?? null,
      text: body.output.text ?? null,
      annotationsCount: run.output.annotationsCount + (body.output.annotations?.length ?? 0),
    };
  }
  if (body.actions !== undefined) run.actions = body.actions;
}

function requireRun(ctx: RequestContext): CheckRunRecord {
  const repo = requireRepo(ctx);
  const id = intParam(ctx, "check_run_id");
  const run = ctx.state.checkRuns.find((r) => r.id === id && r.repoKey === repo.fullName.toLowerCase());
  if (!run) throw notFound();
  return run;
}

export const checkHandlers: Record<string, Handler> = {
  "checks/create": (ctx) => {
    const repo = requireRepo(ctx);
    const body = bodyAs<CheckRunBody & { name: string; head_sha: string }>(ctx);
    if (!ctx.state.objects.commit(body.head_sha))
      throw unprocessableMessage(`No commit found for SHA: ${body.head_sha}`);
    const id = ctx.state.nextId();
    const run: CheckRunRecord = {
      id,
      nodeId: ctx.state.nodeId("CR", { kind: "check_run", id }),
      repoKey: repo.fullName.toLowerCase(),
      name: body.name,
      headSha: body.head_sha,
      status: "queued",
      conclusion: null,
      startedAt: nowIso(),
      completedAt: null,
      detailsUrl: null,
      externalId: null,
      output: { title: null, summary: null, text: null, annotationsCount: 0 },
      actions: [],
      checkSuiteId: id + 1,
    };
    applyBody(run, body);
    ctx.state.checkRuns.push(run);
    return { status: 201, body: renderCheckRun(ctx.state, ctx.app, run, ctx.urls) };
  },

  "checks/update": (ctx) => {
    const run = requireRun(ctx);
    const next = { ...run, output: { ...run.output } };
    applyBody(next, bodyAs<CheckRunBody>(ctx));
    Object.assign(run, next);
    return { status: 200, body: renderCheckRun(ctx.state, ctx.app, run, ctx.urls) };
  },

  "checks/list-for-ref": (ctx) => {
    const repo = requireRepo(ctx);
    const ref = ctx.params["ref"] ?? "";
    const sha = resolveRef(ctx.state, repo, ref) ?? ref;
    let runs = ctx.state.checkRuns.filter(
      (r) => r.repoKey === repo.fullName.toLowerCase() && r.headSha === sha,
    );
    if (typeof ctx.query["check_name"] === "string")
      runs = runs.filter((r) => r.name === ctx.query["check_name"]);
    if (typeof ctx.query["status"] === "string") runs = runs.filter((r) => r.status === ctx.query["status"]);
    if (typeof ctx.query["app_id"] === "number" && ctx.query["app_id"] !== ctx.app.id) runs = [];
    // `filter=latest` (the default) keeps the most recent run of each name.
    if (ctx.query["filter"] !== "all") {
      const latest = new Map<string, CheckRunRecord>();
      for (const run of runs) latest.set(run.name, run);
      runs = [...latest.values()];
    }
    const rendered = [...runs].reverse().map((r) => renderCheckRun(ctx.state, ctx.app, r, ctx.urls));
    const page = paginate(ctx, rendered);
    return { ...page, body: { total_count: runs.length, check_runs: page.body } };
  },
};
