/**
 * `npm run bench -- load [--reviews=50] [--files=20]`: many reviews at once on one worker process —
 * the real app (compiled, as `npm start` runs it) against the fakes of `bench -- e2e` (GitHub 30 ms
 * per answer, the model at 200 ms to first token and 1,000 tokens/s per response) — all webhooks
 * delivered together. Prints webhook → posted review p50/p95, and the app process's CPU time per
 * review and its peak resident memory, to show whether the bot's own CPU becomes the bottleneck.
 */
import { randomUUID } from "node:crypto";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { QUEUES } from "../src/queue/names.js";
import { buildApp, startBenchApp, startWorld, type AppStats } from "./e2e-app.js";
import { reviewOnce } from "./e2e.js";

function option(args: string[], name: string, fallback: number): number {
  const raw = args.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 500) throw new Error(`--${name} must be 1–500`);
  return value;
}

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
};
const cpuMs = (s: AppStats): number => (s.cpu.user + s.cpu.system) / 1000;

export async function run(args: string[]): Promise<void> {
  const reviews = option(args, "reviews", 50);
  const files = option(args, "files", 20);
  buildApp();
  const world = await startWorld();
  const prefix = `load${randomUUID().slice(0, 6)}`;
  // One worker process; enough job concurrency that every review runs at once.
  const bench = await startBenchApp(world, prefix, { WORKER_CONCURRENCY: String(reviews) }, false);
  const connection = new Redis(world.redis.url, { maxRetriesPerRequest: null });
  const jobs = new Queue(QUEUES.mentions, { connection, prefix });
  try {
    await reviewOnce(world, bench, jobs, 2);
    const before = await bench.stats();
    let peakRss = before.rss;
    const sampling = setInterval(() => {
      void bench.stats().then((s) => (peakRss = Math.max(peakRss, s.rss)));
    }, 100);
    const started = performance.now();
    const times = await Promise.all(
      Array.from({ length: reviews }, () => reviewOnce(world, bench, jobs, files)),
    );
    const wall = performance.now() - started;
    clearInterval(sampling);
    const after = await bench.stats();
    peakRss = Math.max(peakRss, after.rss);
    const totals = times.map((t) => t.total);
    const cpu = cpuMs(after) - cpuMs(before);
    console.log(`${reviews} concurrent reviews of ${files}-file PRs on one worker process`);
    console.log(
      `webhook → posted review: p50 ${percentile(totals, 50).toFixed(0)} ms, p95 ${percentile(totals, 95).toFixed(0)} ms`,
    );
    console.log(
      `one review alone (floor of this fixture): ${times[0]?.floor.toFixed(0)} ms; wall for all: ${wall.toFixed(0)} ms`,
    );
    console.log(
      `app CPU: ${cpu.toFixed(0)} ms in all, ${(cpu / reviews).toFixed(1)} ms per review, ` +
        `${((cpu / wall) * 100).toFixed(0)}% of one core over the wall time`,
    );
    console.log(
      `app RSS: ${(before.rss / 2 ** 20).toFixed(0)} MB before, ${(peakRss / 2 ** 20).toFixed(0)} MB peak`,
    );
  } finally {
    await jobs.close();
    connection.disconnect();
    await bench.stop();
    await world.close();
  }
}
