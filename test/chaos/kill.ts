import { randomUUID } from "node:crypto";
import { inject } from "vitest";
import { generateAppKeyPair, startFakeGitHub, type AppKeyPair } from "../fakes/github/index.js";
import { FAKE_API_KEY, startFakeModel } from "../fakes/model/index.js";
import { deliverWebhook, type WebhookEvent } from "../fixtures/github/webhooks.js";
import { INVOICE_PR } from "../fixtures/prs/invoice-pr.js";
import { APP_ID, WEBHOOK_SECRET } from "../integration/harness.js";
import { invoiceAnswer, invoiceEvent, pushInvoice, seedInvoice } from "../integration/lifecycle-support.js";
import { startAppProcess, type AppProcess } from "../support/app-process.js";
import { freePort } from "../support/free-port.js";
import { seededRandom } from "../support/seeded.js";
import {
  OWNER,
  REPO,
  findingTitles,
  openRuns,
  paidCalls,
  repeatedTitles,
  until,
  type ChaosResult,
} from "./observe.js";

const WAIT_MS = 30_000;

/** What one kill and restart ended with. */
export interface KillRound {
  /** The GitHub call (counted after the webhook was answered) at which the worker was killed. */
  killAt: number;
  /** The commit of every review posted before the following push. */
  reviewedHeads: string[];
  /** Finding threads after the review, and after the following push's review. */
  titles: string[];
  titlesAfterPush: string[];
  checkRunsOpen: number;
  paidModelCalls: number;
  problems: string[];
}

/** The job's GitHub calls after the webhook was answered: a review makes about twenty. */
export function killPoints(seed: number, count: number): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => 1 + Math.floor(random() * 18));
}

function allRunsCompleted(github: { checkRuns(o: string, r: string, h?: string): unknown[] }, head: string) {
  const runs = github.checkRuns(OWNER, REPO, head) as Array<{ status: string }>;
  return runs.length > 0 && runs.every((r) => r.status === "completed");
}

/**
 * The real app in a child process (`npm start`'s code path), SIGKILLed at the `killAt`-th GitHub
 * call of the review of an opened PR, then started again; then a push to the PR. Fresh fakes and
 * a fresh queue prefix each round, so rounds do not see each other's jobs.
 */
export async function killRound(keys: AppKeyPair, killAt: number, round: number): Promise<KillRound> {
  const github = await startFakeGitHub({ appId: APP_ID, publicKeyPem: keys.publicKeyPem });
  const model = await startFakeModel({ script: () => invoiceAnswer() });
  const children: AppProcess[] = [];
  const problems: string[] = [];
  try {
    seedInvoice(github, { config: "debounceSeconds: 0\n" });
    const prefix = `kill${randomUUID().slice(0, 8)}`;
    const env = (port: number): Record<string, string> => ({
      APP_ID: String(APP_ID),
      PRIVATE_KEY: keys.privateKeyPem,
      WEBHOOK_SECRET,
      GHE_HOST: new URL(github.url).host,
      GHE_PROTOCOL: "http",
      HOST: "127.0.0.1",
      PORT: String(port),
      QUEUE_REDIS_URL: inject("redisUrl"),
      QUEUE_PREFIX: prefix,
      OPENAI_API_KEY: FAKE_API_KEY,
      OPENAI_BASE_URL: model.url,
      LOG_LEVEL: "silent",
      CODEX_MODEL_PROBE: "false",
      JOB_LOCK_MS: "1500",
    });
    const deliver = async (port: number, event: WebhookEvent) => {
      const status = await deliverWebhook(`http://127.0.0.1:${port}/api/github/webhooks`, {
        ...event,
        secret: WEBHOOK_SECRET,
      });
      if (status !== 200) problems.push(`webhook answered ${status}`);
    };

    const firstPort = await freePort();
    const first = startAppProcess(env(firstPort));
    children.push(first);
    await first.ready;
    let seen = 0;
    let armed = false;
    const stop = github.onRequest(() => {
      if (armed && ++seen === killAt) first.child.kill("SIGKILL");
    });
    await deliver(firstPort, invoiceEvent("opened"));
    armed = true;
    await Promise.race([first.exited, until(() => allRunsCompleted(github, INVOICE_PR.headSha), WAIT_MS)]);
    stop();
    first.child.kill("SIGKILL");
    await first.exited;

    const secondPort = await freePort();
    const second = startAppProcess(env(secondPort));
    children.push(second);
    await second.ready;
    // Every run completed is not enough: a run can end (a duplicate, a superseded one) while the
    // killed job waits for its lock to expire. The review itself is what the restart must bring.
    const reviewed = await until(
      () =>
        github.reviews(OWNER, REPO, INVOICE_PR.number).length > 0 &&
        allRunsCompleted(github, INVOICE_PR.headSha),
      WAIT_MS,
    );
    if (!reviewed)
      problems.push(`round ${round}: no review within ${WAIT_MS} ms after a kill at call ${killAt}`);
    const reviewedHeads = github.reviews(OWNER, REPO, INVOICE_PR.number).map((r) => String(r["commit_id"]));
    const titles = findingTitles(github);

    // The next push: the findings are known, none is posted again.
    const head = pushInvoice(github, round + 1);
    await deliver(secondPort, invoiceEvent("synchronize", { headSha: head }));
    if (!(await until(() => allRunsCompleted(github, head), WAIT_MS)))
      problems.push(`round ${round}: the push's run did not complete after a kill at call ${killAt}`);
    problems.push(...github.problems());
    return {
      killAt,
      reviewedHeads,
      titles,
      titlesAfterPush: findingTitles(github),
      checkRunsOpen: openRuns(github),
      paidModelCalls: paidCalls(model),
      problems,
    };
  } finally {
    for (const child of children) child.child.kill("SIGKILL");
    await Promise.all(children.map((c) => c.exited));
    await github.close();
    await model.close();
  }
}

/** The kill row: `points` seeded kills, one review each; a finding said again counts as a duplicate. */
export async function runKills(name: string, seed: number, points: number): Promise<ChaosResult> {
  const started = Date.now();
  const keys = generateAppKeyPair();
  const rounds: KillRound[] = [];
  for (const [round, killAt] of killPoints(seed, points).entries())
    rounds.push(await killRound(keys, killAt, round));
  const reviewsOfHead = (r: KillRound) => r.reviewedHeads.filter((sha) => sha === INVOICE_PR.headSha).length;
  const sum = (f: (r: KillRound) => number) => rounds.reduce((total, r) => total + f(r), 0);
  return {
    scenario: name,
    expected: points,
    posted: rounds.filter((r) => reviewsOfHead(r) > 0).length,
    duplicates: sum(
      (r) =>
        Math.max(0, r.reviewedHeads.length - 1) +
        repeatedTitles(r.titlesAfterPush) +
        Math.max(0, r.titlesAfterPush.length - r.titles.length),
    ),
    lost: rounds.filter((r) => reviewsOfHead(r) === 0).length,
    checkRunsOpen: sum((r) => r.checkRunsOpen),
    paidModelCalls: sum((r) => r.paidModelCalls),
    // The review and the following push's review, one call each.
    baselineModelCalls: points * 2,
    faults: `SIGKILL at GitHub calls ${rounds.map((r) => r.killAt).join(", ")}`,
    problems: rounds.flatMap((r) => r.problems),
    ms: Date.now() - started,
  };
}
