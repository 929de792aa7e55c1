import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  checkRunRerequested,
  deliverWebhook,
  issueCommentCreated,
  pullRequestEvent,
  pullRequestReviewCommentCreated,
  pullRequestReviewSubmitted,
  signWebhook,
  type PullRequestAction,
  type WebhookEvent,
} from "../../fixtures/github/webhooks.js";

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const componentsUrl = new URL("../../fixtures/contracts/github-webhooks-components.json", import.meta.url);

let ajv: Ajv2020;

beforeAll(() => {
  ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(JSON.parse(readFileSync(componentsUrl, "utf8")) as object, "webhooks");
});

function problems(schemaName: string, event: WebhookEvent): string[] {
  const validate = ajv.getSchema(`webhooks#/components/schemas/${schemaName}`);
  if (!validate) throw new Error(`no schema ${schemaName}`);
  return validate(event.payload) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

describe("webhook payload builders match GitHub's webhook schemas", () => {
  it("issue_comment.created on a PR carries only URLs in issue.pull_request", () => {
    const event = issueCommentCreated({ commentId: 501, body: "@codex review", user: "mona" });
    expect(problems("webhook-issue-comment-created", event)).toEqual([]);
    const issue = event.payload["issue"] as { pull_request: Record<string, unknown> };
    expect(Object.keys(issue.pull_request).sort()).toEqual([
      "diff_url",
      "html_url",
      "merged_at",
      "patch_url",
      "url",
    ]);
    expect(event.event).toBe("issue_comment");
  });

  const actions: Array<[PullRequestAction, string]> = [
    ["opened", "webhook-pull-request-opened"],
    ["synchronize", "webhook-pull-request-synchronize"],
    ["ready_for_review", "webhook-pull-request-ready-for-review"],
    ["converted_to_draft", "webhook-pull-request-converted-to-draft"],
    ["closed", "webhook-pull-request-closed"],
    ["reopened", "webhook-pull-request-reopened"],
  ];
  it.each(actions)("pull_request.%s", (action, schema) => {
    const event = pullRequestEvent(action, { before: "0123456789abcdef0123456789abcdef01234567" });
    expect(problems(schema, event)).toEqual([]);
    expect(event.payload["action"]).toBe(action);
  });

  it("pull_request.converted_to_draft is a draft and synchronize has before/after", () => {
    const draft = pullRequestEvent("converted_to_draft").payload["pull_request"] as { draft: boolean };
    expect(draft.draft).toBe(true);
    const sync = pullRequestEvent("synchronize", { pr: { head: { sha: "a".repeat(40), ref: "x" } } }).payload;
    expect(sync["after"]).toBe("a".repeat(40));
  });

  it("pull_request_review_comment.created", () => {
    const event = pullRequestReviewCommentCreated({
      comment: {
        id: 9001,
        reviewId: 9000,
        body: "@codex why?",
        user: "mona",
        path: "src/math.ts",
        line: 14,
        diffHunk: "@@ -11,6 +11,7 @@\n }",
        inReplyToId: 8999,
      },
    });
    expect(problems("webhook-pull-request-review-comment-created", event)).toEqual([]);
  });

  it("pull_request_review.submitted", () => {
    const event = pullRequestReviewSubmitted({
      review: { id: 77, body: "@codex review please", user: "mona" },
    });
    expect(problems("webhook-pull-request-review-submitted", event)).toEqual([]);
  });

  it("check_run.rerequested", () => {
    const event = checkRunRerequested({ checkRunId: 555, appId: 123 });
    expect(problems("webhook-check-run-rerequested", event)).toEqual([]);
  });

  it("check_run.rerequested of a fork's PR (no pull request listed)", () => {
    const pr = { head: { sha: "f".repeat(40), ref: "patch-1", repoFullName: "outsider/widgets" } };
    for (const suiteRepository of [true, false]) {
      const event = checkRunRerequested({ checkRunId: 556, appId: 123, pr, suiteRepository });
      expect(problems("webhook-check-run-rerequested", event)).toEqual([]);
      expect((event.payload["check_run"] as { pull_requests: unknown[] }).pull_requests).toEqual([]);
    }
  });

  it("a broken payload does fail the schema (the check can fail)", () => {
    const event = issueCommentCreated({ commentId: 1, body: "x" });
    delete (event.payload["comment"] as Record<string, unknown>)["user"];
    expect(problems("webhook-issue-comment-created", event)).not.toEqual([]);
  });
});

describe("signWebhook", () => {
  it("matches GitHub's published test vector", () => {
    expect(signWebhook("It's a Secret to Everybody", "Hello, World!")).toBe(
      "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
    );
  });
});

describe("deliverWebhook", () => {
  const received: Array<{ headers: Record<string, string | string[] | undefined>; body: string }> = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(202).end();
    });
  });
  let url = "";

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("POSTs with GitHub's headers and a signature over the exact body", async () => {
    const event = issueCommentCreated({ commentId: 42, body: "@codex review" });
    const status = await deliverWebhook(url, { ...event, secret: "s3cret", deliveryId: "guid-1" });

    expect(status).toBe(202);
    const got = received.at(-1);
    expect(got?.headers["x-github-event"]).toBe("issue_comment");
    expect(got?.headers["x-github-delivery"]).toBe("guid-1");
    expect(got?.headers["content-type"]).toBe("application/json");
    expect(got?.headers["x-hub-signature-256"]).toBe(signWebhook("s3cret", got?.body ?? ""));
    expect(JSON.parse(got?.body ?? "{}")).toEqual(event.payload);
  });
});
