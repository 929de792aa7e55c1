import { react } from "./reactions.js";
import { ChaosInjector, type ChaosOptions } from "./chaos.js";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { importPublicKey, newInstallationToken } from "./auth.js";
import { restContracts } from "./contracts.js";
import { handleGraphql } from "./graphql.js";
import type { AppInfo } from "./handler.js";
import { allHandlers } from "./handlers.js";
import { addIssueComment } from "./issues.js";
import { Inspector } from "./inspect.js";
import { Router } from "./router.js";
import { serve, type Core, type UnexpectedRequest } from "./server.js";
import * as seed from "./seed.js";
import { FakeState, nowIso, repoKey } from "./state.js";
import { HookDeliveries, hookDeliveryHandlers } from "./hook-deliveries.js";
import type { WebhookEvent } from "../../fixtures/github/webhook-envelope.js";
import type {
  FakeGitHubOptions,
  FaultSpec,
  InstallationInput,
  IssueCommentInput,
  PermissionInput,
  PullRequestInput,
  PushInput,
  RecordedRequest,
  RepoInput,
  ReviewCommentInput,
  Violation,
} from "./types.js";
import { RequestValidator } from "./validate.js";
import { addSeededReviewComment } from "./seed-comments.js";
import { createReview } from "./review-store.js";

/**
 * A fake GitHub REST + GraphQL API on 127.0.0.1, created by {@link startFakeGitHub}. Tests seed it
 * with plain data, point the bot's Octokit at {@link FakeGitHub.apiUrl}, then assert on
 * {@link FakeGitHub.requests}, {@link FakeGitHub.violations} and the stored state.
 */
export class FakeGitHub extends Inspector {
  /** Base URL without prefix, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** `${url}/api/v3`, the GitHub Enterprise style base URL (both work). */
  readonly apiUrl: string;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[] = [];
  /** Requests GitHub would reject for breaking its schema, or that break a rule the bot must keep. */
  readonly violations: Violation[] = [];
  /** Requests to routes outside the contract, or GraphQL documents the fake does not support. */
  readonly unexpected: UnexpectedRequest[] = [];
  /** Webhook deliveries to the app, listed and redelivered by the `/app/hook/deliveries` API. */
  readonly deliveries: HookDeliveries;
  private readonly faults = new Map<string, FaultSpec[]>();
  private chaos: ChaosInjector | null = null;
  private readonly hooks = new Set<(request: RecordedRequest) => void>();
  private readonly core: Core;

  /** @internal use {@link startFakeGitHub}. */
  constructor(
    private readonly server: Server,
    options: FakeGitHubOptions,
  ) {
    const port = (server.address() as AddressInfo).port;
    const url = `http://127.0.0.1:${port}`;
    const state = new FakeState();
    super(state, { api: `${url}/api/v3`, web: url });
    this.deliveries = new HookDeliveries(() => this.state.nextId());
    this.url = url;
    this.apiUrl = `${url}/api/v3`;
    const contracts = restContracts();
    const slug = options.appSlug ?? "codex-spark";
    this.core = {
      state,
      app: this.makeApp(state, options.appId, slug),
      publicKey: importPublicKey(options.publicKeyPem),
      contracts,
      router: new Router(contracts),
      validator: new RequestValidator(contracts),
      handlers: { ...allHandlers, ...hookDeliveryHandlers(() => this.deliveries) },
      graphql: handleGraphql,
      latencyMs: 0,
      urls: this.urls,
      takeFault: (id) => this.takeFault(id),
      record: (request) => {
        this.requests.push(request);
        for (const hook of this.hooks) hook(request);
      },
      violation: (violation) => this.violations.push(violation),
      unexpected: (request) => this.unexpected.push(request),
    };
    this.app = this.core.app;
    server.on("request", (req, res) => {
      // A client that hangs up mid-body must not take the test process down with it.
      serve(this.core, req, res).catch(() => res.destroy());
    });
  }

  private makeApp(state: FakeState, id: number, slug: string): AppInfo {
    return {
      id,
      slug,
      bot: state.user(`${slug}[bot]`, "Bot"),
      owner: state.user(`${slug}-org`, "Organization"),
      permissions: { ...seed.DEFAULT_PERMISSIONS },
    };
  }

  /** The app's bot account (`<slug>[bot]`), author of everything the bot writes. */
  get botLogin(): string {
    return this.core.app.bot.login;
  }

  /** Installs the app on an account, for the given repositories. */
  addInstallation(input: InstallationInput): void {
    seed.addInstallation(this.state, input);
  }

  /** Adds a repository (with files per branch or SHA); PRs add theirs on their own. */
  addRepo(input: RepoInput): void {
    seed.addRepo(this.state, input);
  }

  /**
   * Adds a pull request: stores base and head commits under the given SHAs, points the head branch
   * at the head, and keeps the file list (patches parsed now: a broken patch throws here).
   */
  addPullRequest(input: PullRequestInput): void {
    seed.addPullRequest(this.state, input);
  }

  /** Sets a user's role; the permission API answers it as GitHub does (maintain → write, triage → read). */
  setPermission(owner: string, repo: string, login: string, role: PermissionInput): void {
    seed.setPermission(this.state, owner, repo, login, role);
  }

  /** Simulates a push to the PR's head branch (threads on changed lines become outdated). */
  pushHead(owner: string, repo: string, number: number, input: PushInput): void {
    seed.pushHead(this.state, this.requirePull(owner, repo, number), input);
  }

  /** Closes or reopens a PR as a person would in the web UI; returns its new `updated_at`. */
  setPullState(owner: string, repo: string, number: number, state: "open" | "closed"): string {
    const pull = this.requirePull(owner, repo, number);
    pull.state = state;
    pull.updatedAt = nowIso();
    return pull.updatedAt;
  }

  /** The PR's `updated_at` as the API shows it (events about the PR carry the same stamp). */
  pullUpdatedAt(owner: string, repo: string, number: number): string {
    return this.requirePull(owner, repo, number).updatedAt;
  }

  /** Seeds a human comment on the PR conversation; returns its id (for a webhook payload). */
  addIssueComment(input: IssueCommentInput): { id: number; nodeId: string } {
    const pull = this.requirePull(input.owner, input.repo, input.number);
    const comment = addIssueComment(
      this.state,
      pull.repoKey,
      pull.number,
      this.state.user(input.user),
      input.body,
    );
    return { id: comment.id, nodeId: comment.nodeId };
  }

  /** Seeds a human review comment or reply (checked against the diff); returns its id. */
  addReviewComment(input: ReviewCommentInput): { id: number; nodeId: string } {
    return addSeededReviewComment(this.state, this.requirePull(input.owner, input.repo, input.number), input);
  }

  /** Seeds a person's submitted review (state COMMENTED) with a body and no comments; returns its id. */
  addReview(input: { owner: string; repo: string; number: number; user: string; body: string }): number {
    const pull = this.requirePull(input.owner, input.repo, input.number);
    return createReview(this.state, pull, this.state.user(input.user), {
      body: input.body,
      state: "COMMENTED",
      commitId: pull.head.sha,
    }).id;
  }

  /** A person reacts to a review comment (REST reactions made through the API are always the app's). */
  reactToReviewComment(owner: string, repo: string, commentId: number, login: string, content: string): void {
    react(
      this.state,
      { repoKey: repoKey(owner, repo), type: "review_comment", id: commentId },
      this.state.user(login),
      content,
    );
  }

  /** Every installation token issued so far (tests look for them where no secret may appear). */
  issuedTokens(): string[] {
    return [...this.state.tokens.keys()];
  }

  /** Mints an installation token directly, for tests that drive Octokit without a JWT. */
  createInstallationToken(installationId: number): string {
    const installation = this.state.installations.get(installationId);
    if (!installation) throw new Error(`fake GitHub: no installation ${installationId}`);
    const token = newInstallationToken();
    this.state.tokens.set(token, {
      installationId,
      expiresAt: new Date(Date.now() + 3_600_000),
      permissions: { ...installation.permissions },
      repositories: null,
    });
    return token;
  }

  /**
   * Makes the next `times` requests to `operationId` (or `graphql`) fail with `fault`, after
   * authentication and validation and before any state changes — or, with `afterStoring`, after
   * the request took effect (GitHub stored the review, then answered 502).
   */
  failNext(operationId: string, fault: FaultSpec, times = 1): void {
    const queue = this.faults.get(operationId) ?? [];
    for (let i = 0; i < times; i++) queue.push(fault);
    this.faults.set(operationId, queue);
  }

  /** Delays every response by `ms` milliseconds (0 to stop). */
  setLatency(ms: number): void {
    this.core.latencyMs = ms;
  }

  /** Cuts recursive tree listings off after `entries` entries, as GitHub does a huge one's. */
  setTreeEntryLimit(entries: number): void {
    this.state.treeEntryLimit = entries;
  }

  /** Calls `hook` with every request once answered; returns a function that removes it. */
  onRequest(hook: (request: RecordedRequest) => void): () => void {
    this.hooks.add(hook);
    return () => this.hooks.delete(hook);
  }

  /**
   * Violations and unexpected requests as readable lines: `expect(fake.problems()).toEqual([])` at
   * the end of a test fails it on anything GitHub would have refused or the fake did not expect.
   */
  problems(): string[] {
    return [
      ...this.violations.map(
        (v) => `violation ${v.method} ${v.path} (${v.operationId}): ${v.problems.join("; ")}`,
      ),
      ...this.unexpected.map((u) => `unexpected ${u.method} ${u.path}: ${u.reason}`),
    ];
  }

  /** The recorded requests for one operation id, in order. */
  requestsFor(operationId: string): RecordedRequest[] {
    return this.requests.filter((r) => r.operationId === operationId);
  }

  /** Resolves once `count` requests for `operationId` were answered; rejects after `timeoutMs`. */
  waitForRequests(operationId: string, count = 1, timeoutMs = 10_000): Promise<RecordedRequest[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.requestsFor(operationId);
        if (found.length < count) return false;
        clearTimeout(timer);
        remove();
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        remove();
        reject(new Error(`fake GitHub: ${count} × ${operationId} not seen within ${timeoutMs} ms`));
      }, timeoutMs);
      const remove = this.onRequest(() => void check());
      check();
    });
  }

  /** The app's webhook URL and secret: where {@link deliverEvent} and redeliveries send events. */
  setWebhookTarget(url: string, secret: string): void {
    this.deliveries.target = { url, secret };
  }

  /** Delivers an event the way GitHub does, recorded for the deliveries API; returns the status. */
  async deliverEvent(event: WebhookEvent, options: { deliveryId?: string } = {}): Promise<number> {
    return (await this.deliveries.send(event, options.deliveryId)).statusCode;
  }

  /** Forgets all state, requests, violations, faults and latency; issued tokens stay valid. */
  reset(): void {
    const tokens = new Map(this.state.tokens);
    this.state = new FakeState();
    for (const [token, record] of tokens) this.state.tokens.set(token, record);
    this.core.state = this.state;
    this.core.app = this.makeApp(this.state, this.core.app.id, this.core.app.slug);
    this.app = this.core.app;
    this.requests.length = 0;
    this.violations.length = 0;
    this.unexpected.length = 0;
    this.faults.clear();
    this.chaos = null;
    this.core.latencyMs = 0;
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.close((error) => (error ? reject(error) : resolve()));
      this.server.closeAllConnections();
    });
  }

  private takeFault(operationId: string): FaultSpec | undefined {
    return this.faults.get(operationId)?.shift() ?? this.chaos?.next(operationId);
  }

  /**
   * Turns on a seeded fault injector for every later request (after the faults queued with
   * {@link failNext}); `null` turns it off. Returns the injector, which counts what it injected.
   */
  setChaos(options: ChaosOptions | null): ChaosInjector | null {
    this.chaos = options === null ? null : new ChaosInjector(options);
    return this.chaos;
  }

  private requirePull(owner: string, repo: string, number: number) {
    const pull = this.state.pull(repoKey(owner, repo), number);
    if (!pull) throw new Error(`fake GitHub: no pull request ${owner}/${repo}#${number}`);
    return pull;
  }
}

/** Starts a fake GitHub on 127.0.0.1 and a random free port. */
export async function startFakeGitHub(options: FakeGitHubOptions): Promise<FakeGitHub> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return new FakeGitHub(server, options);
}
