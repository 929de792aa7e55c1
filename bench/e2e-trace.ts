/**
 * `npm run bench -- e2e --trace=<files>`: the timeline of one review (after a warm-up), request by
 * request — when each GitHub call was sent and answered, when each model lane started and ended —
 * relative to the webhook. For finding what still waits on what; add `--throttled` for Probot's
 * default Octokit.
 */
import { randomUUID } from "node:crypto";
import { deliverWebhook, issueCommentCreated } from "../test/fixtures/github/webhooks.js";
import {
  INSTALLATION_ID,
  buildApp,
  WEBHOOK_SECRET,
  startBenchApp,
  startWorld,
  type BenchApp,
  type World,
} from "./e2e-app.js";
import { AUTHOR, OWNER, REPO, syntheticPullRequest } from "./e2e-fixture.js";

async function mention(world: World, bench: BenchApp, number: number, files: number): Promise<number> {
  world.github.addPullRequest(syntheticPullRequest(number, files));
  const comment = world.github.addIssueComment({
    owner: OWNER,
    repo: REPO,
    number,
    user: AUTHOR,
    body: "@codex review",
  });
  const event = issueCommentCreated({
    pr: { owner: OWNER, repo: REPO, number, author: AUTHOR },
    installationId: INSTALLATION_ID,
    commentId: comment.id,
    body: "@codex review",
    user: AUTHOR,
  });
  const sent = Date.now();
  await deliverWebhook(bench.webhookUrl, { ...event, secret: WEBHOOK_SECRET, deliveryId: randomUUID() });
  const path = `/repos/${OWNER}/${REPO}/pulls/${number}/reviews`;
  for (let waited = 0; waited < 60_000; waited += 20) {
    if (world.github.requests.some((r) => r.method === "POST" && r.path === path)) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  // The job's last writes (ledger, check run) belong on the timeline too.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  return sent;
}

export async function trace(files: number, throttled: boolean): Promise<void> {
  buildApp();
  const world = await startWorld();
  const bench = await startBenchApp(world, `trace${randomUUID().slice(0, 6)}`, {}, throttled);
  try {
    await mention(world, bench, 1, files);
    const firstRequest = world.github.requests.length;
    const firstModel = world.model.requests.length;
    const sent = await mention(world, bench, 2, files);
    const lines: Array<[number, string]> = [];
    world.github.requests.slice(firstRequest).forEach((r, i) => {
      const answered = (world.answeredAt[firstRequest + i] as number) - sent;
      lines.push([r.at - sent, `GitHub ${r.method} ${r.operationId ?? r.path} → answered at ${answered}`]);
    });
    for (const r of world.model.requests.slice(firstModel)) {
      const start = world.modelClock.get(r.seq) as number;
      lines.push([
        start - sent,
        `model lane #${r.seq} → done at ${(start + (r.serverMs ?? 0) - sent).toFixed(0)}`,
      ]);
    }
    console.log(
      `one review of ${files} file(s), ms after the webhook was sent${throttled ? " (throttled)" : ""}`,
    );
    for (const [at, line] of lines.sort((a, b) => a[0] - b[0]))
      console.log(`${String(at).padStart(6)}  ${line}`);
  } finally {
    await bench.stop();
    await world.close();
  }
}
