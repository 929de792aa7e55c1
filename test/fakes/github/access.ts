import type { KeyObject } from "node:crypto";
import { looksLikeJwt, parseAuthorization, verifyAppJwt } from "./auth.js";
import { asViolation, badCredentials, forbidden, notFound, unauthorized } from "./errors.js";
import type { OperationContract } from "./contracts.js";
import { repoKey, type FakeState, type TokenRecord } from "./state.js";

/** Operations that authenticate as the app itself (a JWT), not as an installation. */
const APP_OPERATIONS = new Set([
  "apps/create-installation-access-token",
  "apps/get-repo-installation",
  "apps/list-webhook-deliveries",
  "apps/redeliver-webhook-delivery",
]);

/* Which installation permission each operation needs: any of the names, at this level. */
const RULES: Array<{ level: "read" | "write"; any: string[]; ops: string[] }> = [
  {
    level: "read",
    any: ["pull_requests"],
    ops: [
      "pulls/list",
      "pulls/get",
      "pulls/list-files",
      "pulls/list-commits",
      "pulls/list-reviews",
      "pulls/get-review",
      "pulls/list-comments-for-review",
      "pulls/list-review-comments",
      "pulls/get-review-comment",
      "reactions/list-for-pull-request-review-comment",
    ],
  },
  {
    level: "write",
    any: ["pull_requests"],
    ops: [
      "pulls/create-review",
      "pulls/submit-review",
      "pulls/create-review-comment",
      "pulls/create-reply-for-review-comment",
      "pulls/update-review-comment",
      "reactions/create-for-pull-request-review-comment",
    ],
  },
  // Conversation comments on a PR are issue comments: either permission will do.
  {
    level: "read",
    any: ["issues", "pull_requests"],
    ops: ["issues/list-comments", "issues/get-comment", "reactions/list-for-issue-comment"],
  },
  {
    level: "write",
    any: ["issues", "pull_requests"],
    ops: [
      "issues/create-comment",
      "issues/update-comment",
      "reactions/create-for-issue-comment",
      "reactions/delete-for-issue-comment",
      "reactions/create-for-issue",
    ],
  },
  { level: "read", any: ["checks"], ops: ["checks/list-for-ref"] },
  { level: "write", any: ["checks"], ops: ["checks/create", "checks/update"] },
  {
    level: "read",
    any: ["contents"],
    ops: [
      "repos/get-content",
      "repos/get-commit",
      "repos/compare-commits",
      "git/get-ref",
      "git/get-commit",
      "git/get-tree",
      "git/get-blob",
    ],
  },
  {
    level: "write",
    any: ["contents"],
    ops: [
      "repos/create-or-update-file-contents",
      "git/create-blob",
      "git/create-tree",
      "git/create-commit",
      "git/update-ref",
    ],
  },
];
const NEEDS = new Map(RULES.flatMap(({ level, any, ops }) => ops.map((op) => [op, { any, level }] as const)));

function grants(permissions: Record<string, string>, name: string, level: "read" | "write"): boolean {
  const granted = permissions[name];
  return granted === "write" || granted === "admin" || (level === "read" && granted === "read");
}

export interface AccessInput {
  state: FakeState;
  operationId: string;
  contract: OperationContract;
  params: Record<string, string>;
  authorization: string | undefined;
  appId: number;
  publicKey: KeyObject;
}

/** The installation token record behind an `Authorization` header, or GitHub's 401. */
export function tokenFor(
  state: FakeState,
  authorization: string | undefined,
): { token: string; record: TokenRecord } {
  const parsed = parseAuthorization(authorization);
  if (!parsed || (parsed.scheme !== "token" && parsed.scheme !== "bearer"))
    throw unauthorized("Requires authentication");
  const record = state.tokens.get(parsed.credential);
  if (!record || record.expiresAt.getTime() <= Date.now()) throw badCredentials();
  return { token: parsed.credential, record };
}

/**
 * Authenticates and authorises a REST request like GitHub: a JWT for app endpoints, an installation
 * token that can see the repository for everything else (404 when it cannot, so as not to leak the
 * repository's existence), and the installation permission the endpoint needs (403 otherwise).
 * Returns the installation id, or null for app-authenticated requests.
 */
export function authorize(input: AccessInput): number | null {
  const { state, operationId, params } = input;
  if (APP_OPERATIONS.has(operationId)) {
    const parsed = parseAuthorization(input.authorization);
    if (!parsed || parsed.scheme !== "bearer" || !looksLikeJwt(parsed.credential)) {
      throw unauthorized("A JSON web token could not be decoded");
    }
    verifyAppJwt(parsed.credential, input.publicKey, input.appId, Math.floor(Date.now() / 1000));
    return null;
  }
  if (operationId === "rate-limit/get") {
    return input.authorization ? tokenFor(state, input.authorization).record.installationId : null;
  }
  const { record } = tokenFor(state, input.authorization);
  const installation = state.installations.get(record.installationId);
  const key = repoKey(params["owner"] ?? "", params["repo"] ?? "");
  const reachable = record.repositories ? record.repositories.has(key) : installation?.repositories.has(key);
  if (!installation || !reachable) throw notFound();
  if (input.contract["x-github"]?.enabledForGitHubApps === false) {
    throw asViolation(forbidden("Resource not accessible by integration"), [
      `${operationId} is not enabled for GitHub Apps`,
    ]);
  }
  const needed = NEEDS.get(operationId);
  if (needed && !needed.any.some((name) => grants(record.permissions, name, needed.level))) {
    throw forbidden("Resource not accessible by integration");
  }
  return record.installationId;
}
