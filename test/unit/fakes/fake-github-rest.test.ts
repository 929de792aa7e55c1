import { createPrivateKey, createSign } from "node:crypto";
import { Octokit } from "@octokit/rest";
import githubAppJwt from "universal-github-app-jwt";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startSampleFake, type SampleFake } from "../../fixtures/github/fake-setup.js";
import { README_HEAD, SAMPLE, samplePullRequest } from "../../fixtures/github/sample-pr.js";

const repo = { owner: SAMPLE.owner, repo: SAMPLE.repo };
const pr = { ...repo, pull_number: SAMPLE.number };
const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

let s: SampleFake;
beforeEach(async () => {
  s = await startSampleFake();
});
afterEach(() => s.fake.close());

function client(auth: string | undefined, baseUrl = s.fake.apiUrl): Octokit {
  return new Octokit({ ...(auth ? { auth } : {}), baseUrl, request: { retries: 0 }, log: quiet });
}

async function statusOf(promise: Promise<{ status: number }>): Promise<number> {
  try {
    return (await promise).status;
  } catch (error) {
    return (error as { status: number }).status;
  }
}

function handSignedJwt(claims: Record<string, unknown>, pem: string): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const signed = `${part({ alg: "RS256", typ: "JWT" })}.${part(claims)}`;
  const signature = createSign("RSA-SHA256").update(signed).sign(createPrivateKey(pem)).toString("base64url");
  return `${signed}.${signature}`;
}

describe("routing", () => {
  it("serves the same API with and without the /api/v3 prefix", async () => {
    const plain = client(s.token, s.fake.url);
    expect((await plain.rest.pulls.get(pr)).data.number).toBe(SAMPLE.number);
    expect((await s.octokit.rest.pulls.get(pr)).data.number).toBe(SAMPLE.number);
    expect(s.fake.requests.map((r) => r.path)).toEqual([
      `/repos/acme/widgets/pulls/7`,
      `/repos/acme/widgets/pulls/7`,
    ]);
  });

  it("answers an unknown route with GitHub's 404 and records it as unexpected", async () => {
    const response = await fetch(`${s.fake.apiUrl}/repos/acme/widgets/labels`, {
      headers: { authorization: `token ${s.token}` },
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      message: "Not Found",
      documentation_url: "https://docs.github.com/rest",
      status: "404",
    });
    expect(s.fake.unexpected).toMatchObject([{ method: "GET", path: "/repos/acme/widgets/labels" }]);
    expect(s.fake.problems()).toEqual([expect.stringContaining("unexpected GET /repos/acme/widgets/labels")]);
  });

  it("records requests with lower-cased headers and the credential redacted", async () => {
    await s.octokit.rest.pulls.get(pr);
    const [request] = s.fake.requestsFor("pulls/get");
    expect(request).toMatchObject({ method: "GET", status: 200, installationId: SAMPLE.installationId });
    expect(request?.headers["authorization"]).toBe("token [redacted]");
    expect(JSON.stringify(request)).not.toContain(s.token);
  });
});

describe("authentication like GitHub", () => {
  it("401s a token it never issued", async () => {
    const error = await client("ghs_notARealToken000000000000000000000")
      .rest.pulls.get(pr)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 401, response: { data: { message: "Bad credentials" } } });
  });

  it("401s a request without credentials and 404s a repository outside the installation", async () => {
    expect(await statusOf(client(undefined).rest.pulls.get(pr))).toBe(401);
    s.fake.addRepo({ owner: "acme", repo: "secret" });
    expect(await statusOf(s.octokit.rest.repos.get({ owner: "acme", repo: "secret" }))).toBe(404);
  });

  it("403s an operation the installation has no permission for", async () => {
    s.fake.addInstallation({
      id: 77,
      account: "acme",
      repositories: ["acme/widgets"],
      permissions: { metadata: "read", pull_requests: "read" },
    });
    const readOnly = client(s.fake.createInstallationToken(77));
    expect(await statusOf(readOnly.rest.pulls.get(pr))).toBe(200);
    expect(
      await statusOf(readOnly.rest.checks.create({ ...repo, name: "x", head_sha: SAMPLE.headSha })),
    ).toBe(403);
  });

  it("issues an installation token for a JWT made by universal-github-app-jwt", async () => {
    const { token: jwt } = await githubAppJwt({ id: s.appId, privateKey: s.keys.privateKeyPem });
    const response = await client(jwt).rest.apps.createInstallationAccessToken({
      installation_id: SAMPLE.installationId,
    });

    expect(response.status).toBe(201);
    expect(response.data.token).toMatch(/^ghs_[A-Za-z0-9]{36}$/);
    expect(response.data.repository_selection).toBe("selected");
    expect(Date.parse(response.data.expires_at)).toBeGreaterThan(Date.now() + 50 * 60_000);
    expect((await client(response.data.token).rest.pulls.get(pr)).status).toBe(200);
  });

  it("accepts `iss` as a string and rejects expired, foreign-key and malformed JWTs", async () => {
    const now = Math.floor(Date.now() / 1000);
    const create = (jwt: string) =>
      statusOf(
        client(jwt).rest.apps.createInstallationAccessToken({ installation_id: SAMPLE.installationId }),
      );
    const good = { iat: now - 30, exp: now + 540, iss: String(s.appId) };
    const { privateKeyPem: otherKey } = (await import("../../fakes/github/index.js")).generateAppKeyPair();

    expect(await create(handSignedJwt(good, s.keys.privateKeyPem))).toBe(201);
    expect(await create(handSignedJwt({ ...good, exp: now - 1, iat: now - 600 }, s.keys.privateKeyPem))).toBe(
      401,
    );
    expect(await create(handSignedJwt({ ...good, iss: 1 }, s.keys.privateKeyPem))).toBe(401);
    expect(await create(handSignedJwt(good, otherKey))).toBe(401);
    expect(await create("not-a-jwt")).toBe(401);
  });

  it("does not take an installation token where GitHub wants a JWT", async () => {
    expect(
      await statusOf(
        s.octokit.rest.apps.createInstallationAccessToken({ installation_id: SAMPLE.installationId }),
      ),
    ).toBe(401);
  });
});

describe("pull request reads", () => {
  it("paginates files with GitHub's Link header", async () => {
    const first = await s.octokit.rest.pulls.listFiles({ ...pr, per_page: 3 });
    expect(first.data.map((f) => f.filename)).toEqual(["src/math.ts", "README.md", "assets/logo.png"]);
    expect(first.headers.link).toBe(
      `<${s.fake.apiUrl}/repos/acme/widgets/pulls/7/files?per_page=3&page=2>; rel="next", ` +
        `<${s.fake.apiUrl}/repos/acme/widgets/pulls/7/files?per_page=3&page=2>; rel="last"`,
    );
    const second = await s.octokit.rest.pulls.listFiles({ ...pr, per_page: 3, page: 2 });
    expect(second.data.map((f) => f.filename)).toEqual(["docs/old.md"]);
    expect(second.headers.link).toContain('rel="prev"');
    expect(second.headers.link).not.toContain('rel="next"');
    expect(await s.octokit.paginate(s.octokit.rest.pulls.listFiles, { ...pr, per_page: 1 })).toHaveLength(4);
  });

  it("omits the patch of a binary file and reports renames", async () => {
    const files = (await s.octokit.rest.pulls.listFiles(pr)).data;
    const logo = files.find((f) => f.filename === "assets/logo.png");
    expect(logo).toBeDefined();
    expect(logo).not.toHaveProperty("patch");
    expect(files.find((f) => f.filename === "src/math.ts")).toMatchObject({
      additions: 2,
      deletions: 1,
      changes: 3,
      status: "modified",
    });
  });

  it("stops listing at 3000 files", async () => {
    const files = Array.from({ length: 3005 }, (_, i) => ({
      path: `gen/f${i}.txt`,
      status: "added" as const,
      patch: "@@ -0,0 +1 @@\n+x",
    }));
    s.fake.addPullRequest(samplePullRequest({ number: 8, files, head: { sha: "3".repeat(40), ref: "big" } }));
    const all = await s.octokit.paginate(s.octokit.rest.pulls.listFiles, {
      ...repo,
      pull_number: 8,
      per_page: 100,
    });
    expect(all).toHaveLength(3000);
  });

  it("rejects per_page above 100 as a violation", async () => {
    expect(await statusOf(s.octokit.rest.pulls.listFiles({ ...pr, per_page: 101 }))).toBe(422);
    expect(s.fake.violations[0]?.problems.join()).toContain("per_page");
  });

  it("lists the PR's commits and reports draft, fork and maintainer fields", async () => {
    s.fake.addPullRequest(
      samplePullRequest({
        number: 9,
        draft: true,
        head: { sha: "4".repeat(40), ref: "fix", repoFullName: "contrib/widgets" },
      }),
    );
    const fork = (await s.octokit.rest.pulls.get({ ...repo, pull_number: 9 })).data;
    expect(fork).toMatchObject({
      draft: true,
      maintainer_can_modify: true,
      head: { repo: { full_name: "contrib/widgets" } },
    });
    const commits = await s.octokit.rest.pulls.listCommits(pr);
    expect(commits.data.map((c) => c.sha)).toEqual([SAMPLE.headSha]);
  });
});

describe("contents and permissions", () => {
  it("returns base64 content at a ref, the bare text for the raw media type, and 404 when missing", async () => {
    const json = await s.octokit.rest.repos.getContent({ ...repo, path: "README.md", ref: SAMPLE.headSha });
    expect(json.data).toMatchObject({ type: "file", encoding: "base64", path: "README.md" });
    expect(Buffer.from((json.data as { content: string }).content, "base64").toString("utf8")).toBe(
      README_HEAD,
    );

    const raw = await s.octokit.request("GET /repos/{owner}/{repo}/contents/{path}", {
      ...repo,
      path: "README.md",
      ref: SAMPLE.headRef,
      headers: { accept: "application/vnd.github.raw" },
    });
    expect(raw.data).toBe(README_HEAD);

    expect(
      await statusOf(s.octokit.rest.repos.getContent({ ...repo, path: "README.md", ref: SAMPLE.baseSha })),
    ).toBe(404);
  });

  it("answers permission the way GitHub folds roles", async () => {
    const cases = [
      ["admin", "admin"],
      ["maintain", "write"],
      ["write", "write"],
      ["triage", "read"],
      ["read", "read"],
      ["none", "none"],
    ] as const;
    for (const [role, permission] of cases) {
      s.fake.setPermission(SAMPLE.owner, SAMPLE.repo, "zoe", role);
      const { data } = await s.octokit.rest.repos.getCollaboratorPermissionLevel({
        ...repo,
        username: "zoe",
      });
      expect([data.permission, data.role_name]).toEqual([permission, role]);
    }
  });
});

describe("fault injection and latency", () => {
  it("fails the next N calls of one operation with the given status and headers, then recovers", async () => {
    s.fake.failNext("pulls/get", { status: 403, headers: { "retry-after": "7" } }, 2);
    const first = await s.octokit.rest.pulls.get(pr).catch((e: unknown) => e);
    expect(first).toMatchObject({ status: 403, response: { headers: { "retry-after": "7" } } });
    expect(JSON.stringify((first as { response: { data: unknown } }).response.data)).toContain(
      "secondary rate limit",
    );
    expect(await statusOf(s.octokit.rest.pulls.get(pr))).toBe(403);
    expect(await statusOf(s.octokit.rest.pulls.get(pr))).toBe(200);
    expect(await statusOf(s.octokit.rest.pulls.listFiles(pr))).toBe(200);
  });

  it("fails without changing state", async () => {
    s.fake.failNext("issues/create-comment", { status: 502 });
    expect(
      await statusOf(
        s.octokit.rest.issues.createComment({ ...repo, issue_number: SAMPLE.number, body: "x" }),
      ),
    ).toBe(502);
    expect(s.fake.issueComments(SAMPLE.owner, SAMPLE.repo, SAMPLE.number)).toEqual([]);
  });

  it("delays every response by the latency set", async () => {
    s.fake.setLatency(120);
    const started = performance.now();
    await s.octokit.rest.pulls.get(pr);
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
  });

  it("waits for a request and resets everything", async () => {
    const seen = s.fake.waitForRequests("pulls/get");
    await s.octokit.rest.pulls.get(pr);
    expect(await seen).toHaveLength(1);
    s.fake.reset();
    expect(s.fake.requests).toEqual([]);
    expect(await statusOf(s.octokit.rest.pulls.get(pr))).toBe(404);
  });
});

describe("pulls/list", () => {
  const forkHead = "f".repeat(40);
  const seedFork = (): void => {
    // A fork's PR from a branch of the same name as the sample's: only the owner tells them apart.
    s.fake.addPullRequest({
      owner: SAMPLE.owner,
      repo: SAMPLE.repo,
      number: 8,
      user: "outsider",
      head: { sha: forkHead, ref: SAMPLE.headRef, repoFullName: "outsider/widgets" },
      base: { sha: SAMPLE.baseSha, ref: SAMPLE.baseRef },
      headContents: { "src/fork.ts": "export const fork = 1;\n" },
    });
    s.fake.addPullRequest({
      owner: SAMPLE.owner,
      repo: SAMPLE.repo,
      number: 9,
      state: "closed",
      head: { sha: "e".repeat(40), ref: "old", repoFullName: "outsider/widgets" },
      base: { sha: SAMPLE.baseSha, ref: SAMPLE.baseRef },
      headContents: { "src/old.ts": "export const old = 1;\n" },
    });
  };

  it("filters by head owner and branch, and by state, as GitHub does", async () => {
    seedFork();
    const octokit = client(s.token);
    const numbers = async (query: Record<string, string>): Promise<number[]> =>
      (await octokit.rest.pulls.list({ ...repo, ...query })).data.map((p) => p.number);
    expect(await numbers({})).toEqual([8, 7]);
    expect(await numbers({ state: "all" })).toEqual([9, 8, 7]);
    expect(await numbers({ state: "closed" })).toEqual([9]);
    expect(await numbers({ head: `outsider:${SAMPLE.headRef}` })).toEqual([8]);
    expect(await numbers({ head: `${SAMPLE.owner}:${SAMPLE.headRef}` })).toEqual([7]);
    expect(await numbers({ head: "outsider:old" })).toEqual([]);
    expect(await numbers({ head: "outsider:old", state: "closed" })).toEqual([9]);
    const [fork] = (await octokit.rest.pulls.list({ ...repo, head: `outsider:${SAMPLE.headRef}` })).data;
    expect(fork).toMatchObject({
      number: 8,
      head: { sha: forkHead, label: `outsider:${SAMPLE.headRef}`, repo: { full_name: "outsider/widgets" } },
    });
    // A "Pull Request Simple": no merge state, no counts.
    expect(fork).not.toHaveProperty("mergeable");
    expect(s.fake.problems()).toEqual([]);
  });

  it("answers 422 to a state GitHub does not know", async () => {
    const status = await statusOf(
      client(s.token).request(`GET /repos/${repo.owner}/${repo.repo}/pulls?state=merged`),
    );
    expect(status).toBe(422);
  });
});
