/**
 * `npm run bench -- e2e [--runs=7] [--quick] [--trace=<files> [--throttled]]`: webhook to posted
 * review, through the real app (web server, BullMQ workers, a private redis-server, in a process of
 * its own) against the fake GitHub (30 ms per answer) and the fake model (200 ms to first token,
 * 1000 tokens/s), loopback only. A `@codex review` mention on PRs of 1, 5, 20 and 100 files, one
 * finding per file, reviewed:
 *
 * - in lanes (the default policy: at most 4 files per lane, up to 16 lanes side by side);
 * - file by file, one request after the other (what several review bots do), for the ratio —
 *   configured with the ordinary lane settings, so no special code path exists for it;
 * - in lanes with Probot's throttling (GITHUB_THROTTLE=probot), on 1 and 20 files.
 *
 * Times come from the fakes' own clocks (when GitHub answered the review, when the model got each
 * request and finished it) and BullMQ's job timestamps. Bounded: about 2.5 minutes (`--quick`: one).
 */
import { randomUUID } from "node:crypto";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { QUEUES, safeJobId } from "../src/queue/names.js";
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
import { AUTHOR, OWNER, REPO, fullFindings, syntheticPullRequest } from "./e2e-fixture.js";
import { measureOutput, printOutputTable } from "./e2e-output.js";
import { trace } from "./e2e-trace.js";
import { breakdown, printCaching, printLatency, type RunTimes, type Series } from "./e2e-report.js";

interface Strategy {
  name: string;
  env: Record<string, string>;
  throttled: boolean;
  /** Runs per PR size (0 skips the size). */
  runs: (files: number) => number;
}

const SIZES = [1, 20, 100];
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function option(args: string[], name: string, fallback: number): number {
  const raw = args.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 100) throw new Error(`--${name} must be 1–100`);
  return value;
}

let nextPull = 100;

/** One review: seed a fresh PR, deliver the mention, wait for the review and for the job to end. */
export async function reviewOnce(
  world: World,
  bench: BenchApp,
  jobs: Queue,
  files: number,
): Promise<RunTimes> {
  const number = nextPull++;
  world.github.addPullRequest(syntheticPullRequest(number, files));
  const comment = world.github.addIssueComment({
    owner: OWNER,
    repo: REPO,
    number,
    user: AUTHOR,
    body: "@codex review",
  });
  const deliveryId = randomUUID();
  const event = issueCommentCreated({
    pr: { owner: OWNER, repo: REPO, number, author: AUTHOR },
    installationId: INSTALLATION_ID,
    commentId: comment.id,
    body: "@codex review",
    user: AUTHOR,
  });
  const firstRequest = world.github.requests.length;
  const firstModel = world.model.requests.length;
  const sent = Date.now();
  const status = await deliverWebhook(bench.webhookUrl, { ...event, secret: WEBHOOK_SECRET, deliveryId });
  if (status !== 200) throw new Error(`webhook answered ${status}`);
  const reviewPath = `/repos/${OWNER}/${REPO}/pulls/${number}/reviews`;
  const jobId = safeJobId("mention", deliveryId);
  for (let waited = 0; ; waited += 10) {
    const job = await jobs.getJob(jobId);
    if (job?.finishedOn) {
      if (job.failedReason) throw new Error(`review job failed: ${job.failedReason}`);
      const index = world.github.requests.findIndex(
        (r, i) => i >= firstRequest && r.method === "POST" && r.path === reviewPath,
      );
      if (index < 0) throw new Error("the job ended without posting a review");
      return breakdown(world, {
        sent,
        enqueued: job.timestamp,
        started: job.processedOn ?? job.timestamp,
        posted: world.answeredAt[index] as number,
        firstRequest,
        firstModel,
      });
    }
    if (waited > 120_000) throw new Error("no review within two minutes");
    await sleep(10);
  }
}

/** The first review of a freshly started app (compiled, warmed up as `npm start` does), per size. */
async function firstAfterStart(world: World): Promise<Series[]> {
  const series: Series[] = [];
  // One Redis for every start, as across deploys; the "previous deployment" reviewed once.
  const prefix = `first${randomUUID().slice(0, 6)}`;
  const previous = await startBenchApp(world, prefix, {}, false);
  const seeding = new Redis(world.redis.url, { maxRetriesPerRequest: null });
  const seedJobs = new Queue(QUEUES.mentions, { connection: seeding, prefix });
  try {
    await reviewOnce(world, previous, seedJobs, 1);
  } finally {
    await seedJobs.close();
    seeding.disconnect();
    await previous.stop();
  }
  for (const files of SIZES) {
    const bench = await startBenchApp(world, prefix, {}, false);
    const connection = new Redis(world.redis.url, { maxRetriesPerRequest: null });
    const jobs = new Queue(QUEUES.mentions, { connection, prefix });
    try {
      series.push({
        strategy: "first after start",
        files,
        runs: [await reviewOnce(world, bench, jobs, files)],
      });
    } finally {
      await jobs.close();
      connection.disconnect();
      await bench.stop();
    }
  }
  return series;
}

async function runStrategy(world: World, strategy: Strategy, defaultRuns: number): Promise<Series[]> {
  const prefix = `bench${randomUUID().slice(0, 6)}`;
  const bench = await startBenchApp(world, prefix, strategy.env, strategy.throttled);
  const connection = new Redis(world.redis.url, { maxRetriesPerRequest: null });
  const jobs = new Queue(QUEUES.mentions, { connection, prefix });
  // Throttled writes of one review must be drained before the next starts (notifications: 3 s).
  const pause = strategy.throttled ? 3_500 : 50;
  const series: Series[] = [];
  try {
    // Warm-up, untimed: token, sockets, config cache, JIT.
    for (let i = 0; i < 2; i++) await reviewOnce(world, bench, jobs, 2).then(() => sleep(pause));
    for (const files of SIZES) {
      const runs = Math.min(defaultRuns, strategy.runs(files));
      if (runs === 0) continue;
      const times: RunTimes[] = [];
      for (let i = 0; i < runs; i++) {
        times.push(await reviewOnce(world, bench, jobs, files));
        await sleep(pause);
      }
      series.push({ strategy: strategy.name, files, runs: times });
    }
  } finally {
    await jobs.close();
    connection.disconnect();
    await bench.stop();
  }
  return series;
}

export async function run(args: string[]): Promise<void> {
  const traced = args.find((a) => a.startsWith("--trace="))?.split("=")[1];
  if (traced !== undefined)
    return trace(option([`--trace=${traced}`], "trace", 1), args.includes("--throttled"));
  const started = performance.now();
  const runs = option(args, "runs", 7);
  const quick = args.includes("--quick");
  printOutputTable(measureOutput(fullFindings(20)));

  const strategies: Strategy[] = [
    { name: "lanes", env: {}, throttled: false, runs: () => runs },
    {
      name: "per-file, sequential",
      env: {
        CODEX_LANE_MAX_FILES: "1",
        CODEX_MAX_LANES: "200",
        CODEX_LANE_CONCURRENCY: "1",
        CODEX_LANES_PER_INSTALLATION: "200",
        CODEX_LANES_PER_PROCESS: "200",
      },
      throttled: false,
      runs: (files) => (quick ? (files <= 5 ? 2 : 0) : files <= 5 ? 3 : files <= 20 ? 2 : 1),
    },
    {
      name: "lanes, throttled",
      env: {},
      throttled: true,
      runs: (files) => (quick || (files !== 1 && files !== 20) ? 0 : 3),
    },
  ];
  buildApp();
  const world = await startWorld();
  const all: Series[] = [];
  try {
    all.push(...(await firstAfterStart(world)));
    for (const strategy of strategies) all.push(...(await runStrategy(world, strategy, runs)));
    const minted = world.github.requestsFor("apps/create-installation-access-token").length;
    printLatency(all);
    printCaching(all);
    console.log(
      `\ninstallation tokens minted: ${minted} for ${nextPull - 100} reviews ` +
        `(${strategies.length} app starts, web and worker each: Probot caches the token)`,
    );
  } finally {
    await world.close();
  }
  console.log(`(finished in ${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
