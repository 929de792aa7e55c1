import { readFileSync } from "node:fs";
import { z } from "zod";
import { ConfigError } from "../errors.js";
import { parseRedisTarget, type RedisTarget } from "./redis-target.js";

const boolish = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

const positiveInt = z.coerce.number().int().positive();

/**
 * Every environment variable the bot reads, parsed once at start-up. Probot reads its own variables
 * (APP_ID, PRIVATE_KEY, WEBHOOK_SECRET, GHE_HOST, LOG_LEVEL, …) with the same names; we parse them
 * here too so a missing one fails fast with a readable message instead of a stack trace.
 *
 * `REDIS_URL` is deliberately not used: Probot switches its throttling into cluster mode when it is
 * set. The queue's Redis is `QUEUE_REDIS_URL`.
 */
export const envSchema = z.object({
  ROLE: z.enum(["all", "web", "worker"]).default("all"),
  NODE_ENV: z.string().optional(),
  LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),

  APP_ID: positiveInt.optional(),
  PRIVATE_KEY: z.string().min(1).optional(),
  PRIVATE_KEY_PATH: z.string().min(1).optional(),
  WEBHOOK_SECRET: z.string().min(1).optional(),
  WEBHOOK_PATH: z.string().startsWith("/").default("/api/github/webhooks"),
  HOST: z.string().default("localhost"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  GHE_HOST: z.string().min(1).optional(),
  GHE_PROTOCOL: z.enum(["http", "https"]).default("https"),
  /** `off`: no client-side spacing of GitHub requests (retry-after is honoured); `probot`: Probot's. */
  GITHUB_THROTTLE: z.enum(["off", "probot"]).default("off"),
  /** Timeout of one attempt of a GitHub request. */
  GITHUB_REQUEST_TIMEOUT_MS: positiveInt.default(10_000),
  /** Extra attempts of a GitHub request that is safe to repeat (reads, check-run updates). */
  GITHUB_RETRIES: z.coerce.number().int().min(0).max(10).default(4),
  /** Content-creating GitHub requests per installation (GitHub's secondary limits: 80/min, 500/h). */
  GITHUB_WRITES_PER_MINUTE: positiveInt.default(80),
  GITHUB_WRITES_PER_HOUR: positiveInt.default(500),

  /** `redis://…`, `redis+cluster://h:p,h:p` or `redis+sentinel://h:p,h:p/master` (see redis-target.ts). */
  QUEUE_REDIS_URL: z
    .string()
    .refine((v) => redisUrlProblem(v) === null, { error: (issue) => redisUrlProblem(String(issue.input)) })
    .optional(),
  /** BullMQ's key prefix. Default `codex`, or `{codex}` on a Redis Cluster (a hash tag is required there). */
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_{}.-]+$/, "letters, digits, _ . - and {} (for a Redis Cluster hash tag) only")
    .optional(),
  REDIS_DATA_DIR: z.string().default(".data/redis"),
  WORKER_CONCURRENCY: positiveInt.default(8),
  JOB_ATTEMPTS: positiveInt.default(4),
  /**
   * After an outage of Redis (and at start-up), ask GitHub to redeliver the webhooks it could not
   * deliver within the window (GitHub keeps deliveries for 3 days and never retries on its own).
   */
  RECOVER_DELIVERIES: boolish.default(true),
  RECOVER_DELIVERIES_WINDOW_HOURS: positiveInt.max(72).default(72),
  /** How long a webhook waits for Redis to take its job before answering 503. */
  ENQUEUE_DEADLINE_MS: positiveInt.max(8_000).default(2_000),
  /** Days a closed PR's finding ledger is kept (a reopened PR keeps it again). */
  LEDGER_TTL_DAYS: positiveInt.default(14),
  /** How long a crashed worker's job stays locked before another worker takes it over. */
  JOB_LOCK_MS: positiveInt.default(60_000),

  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.string().url().default("https://api.openai.com/v1"),
  OPENAI_ORGANIZATION: z.string().optional(),
  OPENAI_PROJECT: z.string().optional(),
  CODEX_MODEL: z.string().min(1).default("gpt-5.3-codex-spark"),
  CODEX_FALLBACK_MODEL: z.string().min(1).optional(),
  /** A review kept waiting for the model's capacity this long moves to CODEX_FALLBACK_MODEL, if set. */
  CODEX_FALLBACK_AFTER_SECONDS: positiveInt.default(120),
  CODEX_TRANSPORT: z.enum(["ws", "http", "auto"]).default("ws"),
  CODEX_REASONING_EFFORT: z.enum(["low", "medium", "high", "xhigh"]).default("low"),
  CODEX_MAX_OUTPUT_TOKENS: positiveInt.default(8000),
  CODEX_CONTEXT_TOKENS: positiveInt.default(128_000),
  CODEX_REQUEST_TIMEOUT_MS: positiveInt.default(120_000),
  CODEX_TRIGGER: z
    .string()
    .regex(/^@[A-Za-z0-9][A-Za-z0-9-]*$/, "an @-word such as @codex")
    .default("@codex"),
  CODEX_MODEL_PROBE: boolish.default(true),
  /** Comma-separated logins of bots whose mentions are obeyed (e.g. a merge queue bot). */
  CODEX_ALLOWED_BOTS: z
    .string()
    .default("")
    .transform((v) =>
      v
        .split(",")
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean),
    ),
  /** Automatic reviews of PRs by people without write access: per author per day (UTC)… */
  CODEX_OUTSIDER_REVIEWS_PER_DAY: positiveInt.default(5),
  /** …and per installation per hour, shared by every worker. */
  CODEX_OUTSIDER_REVIEWS_PER_HOUR: positiveInt.default(30),
  /** Free replies (help, usage, typo hints) to people who are not members or collaborators, per installation per hour. */
  CODEX_STRANGER_REPLIES_PER_HOUR: positiveInt.default(20),
  /** Parallel review (unset: the defaults in `src/review/pipeline/context.ts` and `lane-gate.ts`). */
  /** Expected findings per lane (a fraction is allowed: 0.5 gives more, shorter lanes). */
  CODEX_LANE_FINDINGS: z.coerce.number().positive().optional(),
  CODEX_LANE_MAX_FILES: positiveInt.optional(),
  CODEX_LANE_MAX_TOKENS: positiveInt.optional(),
  CODEX_MAX_LANES: positiveInt.optional(),
  CODEX_LANE_CONCURRENCY: positiveInt.optional(),
  CODEX_LANES_PER_INSTALLATION: positiveInt.optional(),
  CODEX_LANES_PER_PROCESS: positiveInt.optional(),
});

export type Env = z.infer<typeof envSchema>;

function redisUrlProblem(url: string): string | null {
  try {
    parseRedisTarget(url);
    return null;
  } catch (error) {
    return error instanceof ConfigError ? error.message : String(error);
  }
}

/** What a role needs on top of the always-valid defaults. */
export interface ResolvedEnv extends Omit<Env, "QUEUE_PREFIX"> {
  /** Where QUEUE_REDIS_URL points; undefined when the bot starts its own Redis. */
  redisTarget: RedisTarget | undefined;
  /** BullMQ's prefix, defaulted for the kind of Redis. */
  QUEUE_PREFIX: string;
  /**
   * The prefix of every other key (PR state, ledgers, caches). On a Cluster it is the queue prefix
   * without its braces, so each PR's keys hash by their own `{owner/repo#n}` tag and spread over the
   * masters; on a single node it is the queue prefix unchanged, so existing keys stay where they are.
   */
  statePrefix: string;
  /** The PEM private key, read from PRIVATE_KEY or PRIVATE_KEY_PATH. */
  privateKey: string | undefined;
  /** GitHub's REST base URL (GitHub Enterprise Server when GHE_HOST is set). */
  githubBaseUrl: string;
}

function formatIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `  - ${issue.path.join(".") || "(env)"}: ${issue.message}`).join("\n");
}

/** Probot accepts keys with escaped newlines or base64 encoded; so do we. */
function normalisePrivateKey(raw: string): string {
  if (raw.includes("-----BEGIN")) return raw.replace(/\\n/g, "\n");
  const decoded = Buffer.from(raw, "base64").toString("utf8");
  if (decoded.includes("-----BEGIN")) return decoded;
  throw new ConfigError("PRIVATE_KEY is neither a PEM key nor a base64-encoded PEM key.");
}

export function parseEnv(source: NodeJS.ProcessEnv = process.env): ResolvedEnv {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(`Invalid environment:\n${formatIssues(parsed.error)}`);
  }
  const env = parsed.data;
  let privateKey: string | undefined;
  if (env.PRIVATE_KEY) {
    privateKey = normalisePrivateKey(env.PRIVATE_KEY);
  } else if (env.PRIVATE_KEY_PATH) {
    try {
      privateKey = readFileSync(env.PRIVATE_KEY_PATH, "utf8");
    } catch (cause) {
      throw new ConfigError(`PRIVATE_KEY_PATH points to ${env.PRIVATE_KEY_PATH}, which cannot be read.`, {
        cause,
      });
    }
  }
  const githubBaseUrl = env.GHE_HOST
    ? `${env.GHE_PROTOCOL}://${env.GHE_HOST}/api/v3`
    : "https://api.github.com";
  const redisTarget = env.QUEUE_REDIS_URL ? parseRedisTarget(env.QUEUE_REDIS_URL) : undefined;
  const cluster = redisTarget?.kind === "cluster";
  const prefix = env.QUEUE_PREFIX ?? (cluster ? "{codex}" : "codex");
  if (cluster && !/\{[^{}]+\}/.test(prefix)) {
    throw new ConfigError(
      `QUEUE_PREFIX=${prefix} has no hash tag, which a Redis Cluster needs: each BullMQ script touches ` +
        `several keys of a queue, and they must share one slot. Use e.g. QUEUE_PREFIX={${prefix}}.`,
    );
  }
  const statePrefix = cluster ? prefix.replace(/[{}]/g, "") : prefix;
  return { ...env, privateKey, githubBaseUrl, redisTarget, QUEUE_PREFIX: prefix, statePrefix };
}

/** True when the GitHub App is not registered yet: Probot then serves its setup (manifest) page. */
export function needsAppSetup(env: ResolvedEnv): boolean {
  return env.APP_ID === undefined || env.privateKey === undefined;
}

/** Variables a role cannot run without, named in one message. */
export function requireForRole(env: ResolvedEnv, role: "web" | "worker"): void {
  const missing: string[] = [];
  if (env.APP_ID === undefined) missing.push("APP_ID");
  if (env.privateKey === undefined) missing.push("PRIVATE_KEY (or PRIVATE_KEY_PATH)");
  if (role === "web" && !env.WEBHOOK_SECRET) missing.push("WEBHOOK_SECRET");
  if (role === "worker" && !env.OPENAI_API_KEY) missing.push("OPENAI_API_KEY");
  if (missing.length > 0) {
    throw new ConfigError(
      `Missing environment variable${missing.length > 1 ? "s" : ""} for the ${role} role: ${missing.join(", ")}. ` +
        "See README.md, section Configuration.",
    );
  }
}
