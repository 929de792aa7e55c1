/**
 * `npm run bench -- model [--n=200] [--ttft=5]`: what the persistent socket buys over a fresh
 * HTTPS/SSE request per call, against the local fake model (loopback only), with and without TLS.
 * (a) n sequential small requests: per-request overhead beyond the fake's own time, TTFT included
 *     (median, p95): client latency minus what the fake measured from receipt to its last event.
 * (b) n concurrent requests: wall time and TCP connections opened.
 * The socket client is warmed (probe) first, as it is in a running worker.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createModelClient, type ModelClient, type ModelClientOptions } from "../src/model/index.js";
import type { ModelRequest } from "../src/review/ports.js";
import { startFakeModel, type FakeModel } from "../test/fakes/model/index.js";

interface Tls {
  key: string;
  cert: string;
}

interface Numbers {
  median: number;
  p95: number;
  wallMs: number;
  sockets: number;
}

type Kind = "ws" | "https-fresh" | "https-keepalive";
const KINDS: Kind[] = ["ws", "https-fresh", "https-keepalive"];

const REQUEST: ModelRequest = {
  instructions: "Answer with the JSON asked for.",
  input: [{ role: "user", content: "ping" }],
  schema: {
    name: "pong",
    schema: {
      type: "object",
      properties: { ok: { type: "boolean" } },
      required: ["ok"],
      additionalProperties: false,
    },
  },
  effort: "low",
  promptCacheKey: "bench",
};

function option(args: string[], name: string, fallback: number): number {
  const raw = args.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number`);
  return value;
}

function selfSignedCertificate(): Tls {
  const dir = mkdtempSync(join(tmpdir(), "codex-bench-"));
  try {
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        join(dir, "key.pem"),
        "-out",
        join(dir, "cert.pem"),
        "-days",
        "1",
        "-subj",
        "/CN=127.0.0.1",
        "-addext",
        "subjectAltName=IP:127.0.0.1",
      ],
      { stdio: "ignore" },
    );
    return {
      key: readFileSync(join(dir, "key.pem"), "utf8"),
      cert: readFileSync(join(dir, "cert.pem"), "utf8"),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function client(fake: FakeModel, kind: Kind, tls: Tls | undefined): ModelClient {
  const options: ModelClientOptions = {
    apiKey: fake.apiKey,
    baseUrl: fake.url,
    transport: kind === "ws" ? "ws" : "http",
    httpKeepAlive: kind === "https-keepalive",
    ...(tls ? { ca: tls.cert } : {}),
  };
  return createModelClient(options);
}

async function warm(c: ModelClient, kind: Kind): Promise<void> {
  if (kind === "ws") {
    const probe = await c.probe();
    if (!probe.ok) throw probe.error ?? new Error("probe failed");
  }
  for (let i = 0; i < 10; i += 1) await c.complete(REQUEST);
}

async function measure(
  fake: FakeModel,
  kind: Kind,
  tls: Tls | undefined,
  n: number,
  ttftMs: number,
): Promise<Numbers> {
  const sequential = client(fake, kind, tls);
  const overheads: number[] = [];
  try {
    await warm(sequential, kind);
    for (let i = 0; i < n; i += 1) {
      const started = performance.now();
      await sequential.complete(REQUEST);
      const latency = performance.now() - started;
      overheads.push(latency - (fake.requests.at(-1)?.serverMs ?? ttftMs));
    }
  } finally {
    await sequential.close();
  }
  overheads.sort((a, b) => a - b);

  const concurrent = client(fake, kind, tls);
  const before = fake.tcpConnections;
  let wallMs: number;
  try {
    if (kind === "ws") await concurrent.probe();
    const started = performance.now();
    await Promise.all(Array.from({ length: n }, () => concurrent.complete(REQUEST)));
    wallMs = performance.now() - started;
  } finally {
    await concurrent.close();
  }
  return {
    median: percentile(overheads, 50),
    p95: percentile(overheads, 95),
    wallMs,
    sockets: fake.tcpConnections - before,
  };
}

const fmt = (value: number, digits = 2): string => value.toFixed(digits);

export async function run(args: string[]): Promise<void> {
  const n = option(args, "n", 200);
  const ttftMs = option(args, "ttft", 5);
  const started = performance.now();
  const tls = selfSignedCertificate();
  const rows: string[][] = [];
  for (const secure of [false, true]) {
    const fake = await startFakeModel({
      behaviour: { ttftMs },
      script: () => '{"ok":true}',
      ...(secure ? { tls } : {}),
    });
    try {
      // One short untimed pass of everything first, so that no column pays for the JIT's warm-up.
      for (const kind of KINDS) await measure(fake, kind, secure ? tls : undefined, Math.min(n, 50), ttftMs);
      const result: Record<Kind, Numbers> = {
        ws: await measure(fake, "ws", secure ? tls : undefined, n, ttftMs),
        "https-fresh": await measure(fake, "https-fresh", secure ? tls : undefined, n, ttftMs),
        "https-keepalive": await measure(fake, "https-keepalive", secure ? tls : undefined, n, ttftMs),
      };
      const label = secure ? "TLS" : "plain";
      const line = (metric: string, pick: (x: Numbers) => number, digits = 2): string[] => [
        label,
        metric,
        fmt(pick(result.ws), digits),
        fmt(pick(result["https-fresh"]), digits),
        fmt(pick(result.ws) / pick(result["https-fresh"])),
        fmt(pick(result["https-keepalive"]), digits),
      ];
      rows.push(
        line(`(a) ${n} sequential: overhead median ms`, (x) => x.median),
        line(`(a) ${n} sequential: overhead p95 ms`, (x) => x.p95),
        line(`(b) ${n} concurrent: wall ms`, (x) => x.wallMs, 1),
        line(`(b) ${n} concurrent: TCP connections`, (x) => x.sockets, 0),
      );
    } finally {
      await fake.close();
    }
  }
  const header = ["mode", "measure", "WS", "HTTPS fresh", "WS/HTTPS", "HTTPS keep-alive (info)"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const render = (cells: string[]): string =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  console.log(
    `fake TTFT ${ttftMs} ms, loopback, ${n} requests per phase; ` +
      "overhead = client latency - the fake's own time for that request (TTFT included)",
  );
  console.log(render(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of rows) console.log(render(row));
  console.log(`(finished in ${fmt((performance.now() - started) / 1000, 1)} s)`);
}
